import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../src/accounts/accounts.service.js';
import { type Actor, SYSTEM_ACTOR } from '../src/auth/actor.js';
import { declaredRouteActions } from '../src/auth/auth.hooks.js';
import { ROLES } from '../src/db/schema.js';
import { ACTIONS, can, KEY_SCOPES } from '../src/policy/policy.js';
import { uscc } from './factories.js';
import { createTestApp, DIALECTS, signIn, type TestApp } from './helpers.js';

const PLACEHOLDERS: Record<string, string> = { key: uscc(1), code: uscc(1), id: '999999' };

for (const dialect of DIALECTS) {
  describe(`policy matrix on ${dialect}`, () => {
    let t: TestApp;
    const principals: { name: string; headers: Record<string, string>; actor: Actor }[] = [];
    before(async () => {
      t = await createTestApp(dialect);
      principals.push({ name: 'public', headers: {}, actor: { ...SYSTEM_ACTOR, role: 'public' } });
      for (const role of ROLES) {
        principals.push({ name: role, headers: { cookie: await signIn(t, role) }, actor: { ...SYSTEM_ACTOR, role } });
      }
      const search = await createApiKey(t.ctx, SYSTEM_ACTOR, { name: 'search only', scopes: ['subjects:search'] });
      const all = await createApiKey(t.ctx, SYSTEM_ACTOR, { name: 'every scope', scopes: [...KEY_SCOPES] });
      for (const [name, key] of [
        ['key:search', search],
        ['key:all', all],
      ] as const) {
        principals.push({
          name,
          headers: { 'x-api-key': key.key },
          actor: { ...SYSTEM_ACTOR, role: 'api_key', apiKeyId: key.id, scopes: key.scopes },
        });
      }
    });
    after(async () => t.drop());

    it('has an action on every documented route, and documents every route with an action', async () => {
      const doc = (await t.app.inject('/openapi.json')).json();
      const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      );
      const declared = declaredRouteActions(t.app).map((r) => `${r.method} ${r.url}`);
      assert.deepEqual([...declared].sort(), [...documented].sort());
      for (const action of new Set(declaredRouteActions(t.app).map((r) => r.action)))
        assert.ok(ACTIONS.includes(action));
    });

    it('answers every route for every role and key as the policy table says', async () => {
      const routes = declaredRouteActions(t.app);
      assert.ok(routes.length >= 15);
      const mismatches: string[] = [];
      for (const route of routes) {
        const url = route.url.replace(/:(\w+)/g, (_, name: string) => PLACEHOLDERS[name] ?? 'x');
        for (const p of principals) {
          // Signing out would end the session the next routes use: check it by the table only.
          if (route.url === '/api/v1/auth/logout' && p.headers.cookie) continue;
          const response = await t.app.inject({
            method: route.method as 'GET',
            url,
            headers: { ...p.headers, ...(route.method === 'GET' ? {} : { 'content-type': 'application/json' }) },
            ...(route.method === 'GET' ? {} : { payload: '{}' }),
          });
          const allowed = can(p.actor, route.action);
          const refused = response.statusCode === 401 || response.statusCode === 403;
          if (allowed === refused) mismatches.push(`${p.name} ${route.method} ${route.url}: ${response.statusCode}`);
          if (refused) {
            const code = response.json().error.code;
            const expected = p.name === 'public' ? 'unauthenticated' : 'forbidden';
            if (code !== expected && !(route.url === '/api/v1/auth/login')) {
              mismatches.push(`${p.name} ${route.method} ${route.url}: ${code}, expected ${expected}`);
            }
          }
          if (response.statusCode >= 500)
            mismatches.push(`${p.name} ${route.method} ${route.url}: ${response.statusCode}`);
        }
      }
      assert.deepEqual(mismatches, []);
    });
  });
}
