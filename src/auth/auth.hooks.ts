import type { FastifyInstance } from 'fastify';
import { API_KEY_HEADER, resolveApiKey, resolveSession } from '../accounts/accounts.service.js';
import { AppError } from '../errors.js';
import { type Action, authorize, isAction, POLICY } from '../policy/policy.js';
import { type Actor, anonymousActor } from './actor.js';
import { sessionToken } from './session-cookie.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The policy action the route performs; every /api route must name one. */
    action?: Action;
  }
}

/**
 * Identity and policy for every request: an API key (X-API-Key) or a session cookie makes the
 * actor (anonymous otherwise), and the route's declared action is authorised before its input is
 * even validated. A route under /api without an action stops the server from starting.
 */
const routeActions = new WeakMap<FastifyInstance, { method: string; url: string; action: Action }[]>();

/** Every API route of an app with the action it declared (for the policy matrix test and docs). */
export function declaredRouteActions(app: FastifyInstance): { method: string; url: string; action: Action }[] {
  return routeActions.get(app) ?? [];
}

export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('actor', null as unknown as Actor);
  const declared: { method: string; url: string; action: Action }[] = [];
  routeActions.set(app, declared);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const action = route.config?.action;
    if (!isAction(action)) throw new Error(`route ${String(route.method)} ${route.url} names no policy action`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') declared.push({ method, url: route.url, action });
    }
    // Say in the API documentation who may call the route.
    const rule: { roles: readonly string[]; keys: boolean } = POLICY[action];
    const who = rule.roles.includes('public') ? 'anyone' : rule.roles.join(', ');
    const schema = (route.schema ?? {}) as { description?: string };
    schema.description = `${schema.description ? `${schema.description}\n\n` : ''}Action \`${action}\`: ${who}${rule.keys ? '; API keys with this scope' : ''}.`;
    route.schema = schema;
  });
  app.addHook('onRequest', async (request) => {
    const base = anonymousActor(request);
    const key = request.headers[API_KEY_HEADER];
    if (typeof key === 'string' && key !== '') {
      const actor = await resolveApiKey(app.ctx, key, base);
      if (!actor) {
        throw new AppError('unauthenticated', 'the API key is unknown or revoked', [
          { field: `headers.${API_KEY_HEADER}`, message: 'unknown or revoked key' },
        ]);
      }
      request.actor = actor;
      return;
    }
    const token = sessionToken(request);
    request.actor = token ? ((await resolveSession(app.ctx, token, base)) ?? base) : base;
  });
  app.addHook('preValidation', async (request) => {
    const action = request.routeOptions.config.action;
    if (action) authorize(request.actor, action);
  });
}
