import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionToken, setSessionCookie } from '../auth/session-cookie.js';
import { errorResponses } from '../errors.js';
import {
  ApiKeyView,
  ChangePasswordBody,
  CreateApiKeyBody,
  CreateOrganisationBody,
  CreateUserBody,
  IdParams,
  LoginBody,
  NewApiKeyView,
  OkView,
  OrganisationView,
  UserView,
} from './accounts.schemas.js';
import {
  changePassword,
  createApiKey,
  createOrganisation,
  createUser,
  currentUser,
  disableUser,
  listAllApiKeys,
  listAllOrganisations,
  listAllUsers,
  login,
  logout,
  revokeApiKey,
} from './accounts.service.js';

export const accountsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['accounts'];
  app.post(
    '/api/v1/auth/login',
    {
      config: { action: 'auth:login', rateLimit: { max: app.ctx.config.RATE_LIMIT_LOGIN, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'Sign in; sets an HttpOnly session cookie',
        body: LoginBody,
        response: { 200: UserView, ...errorResponses(400, 401, 423, 429) },
      },
    },
    async (request, reply) => {
      const result = await login(
        app.ctx,
        request.actor,
        request.body.username,
        request.body.password,
        request.headers['user-agent'] ?? null,
      );
      setSessionCookie(request, reply, result.token, new Date(result.expiresAt));
      return result.user;
    },
  );
  app.post(
    '/api/v1/auth/logout',
    {
      config: { action: 'auth:self' },
      schema: { tags, summary: 'Sign out', response: { 200: OkView, ...errorResponses(401) } },
    },
    async (request, reply) => {
      await logout(app.ctx, request.actor, sessionToken(request) ?? '');
      setSessionCookie(request, reply, '', null);
      return { ok: true as const };
    },
  );
  app.get(
    '/api/v1/auth/me',
    {
      config: { action: 'auth:self' },
      schema: { tags, summary: 'The signed-in account', response: { 200: UserView, ...errorResponses(401) } },
    },
    async (request) => currentUser(app.ctx, request.actor),
  );
  app.post(
    '/api/v1/auth/password',
    {
      config: { action: 'auth:self' },
      schema: {
        tags,
        summary: 'Change the password; other sessions end',
        body: ChangePasswordBody,
        response: { 200: OkView, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { current_password, new_password } = request.body;
      await changePassword(app.ctx, request.actor, current_password, new_password, sessionToken(request));
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/users',
    {
      config: { action: 'users:manage' },
      schema: { tags, summary: 'All accounts', response: { 200: z.array(UserView), ...errorResponses(401, 403) } },
    },
    async (request) => listAllUsers(app.ctx, request.actor),
  );
  app.post(
    '/api/v1/users',
    {
      config: { action: 'users:manage' },
      schema: {
        tags,
        summary: 'Create an account',
        body: CreateUserBody,
        response: { 201: UserView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await createUser(app.ctx, request.actor, request.body)),
  );
  app.post(
    '/api/v1/users/:id/disable',
    {
      config: { action: 'users:manage' },
      schema: {
        tags,
        summary: 'Disable an account and end its sessions',
        params: IdParams,
        response: { 200: UserView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => disableUser(app.ctx, request.actor, request.params.id),
  );

  app.get(
    '/api/v1/organisations',
    {
      config: { action: 'organisations:manage' },
      schema: {
        tags,
        summary: 'All organisations',
        response: { 200: z.array(OrganisationView), ...errorResponses(401, 403) },
      },
    },
    async (request) => listAllOrganisations(app.ctx, request.actor),
  );
  app.post(
    '/api/v1/organisations',
    {
      config: { action: 'organisations:manage' },
      schema: {
        tags,
        summary: 'Create an organisation (department, association, agency)',
        body: CreateOrganisationBody,
        response: { 201: OrganisationView, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await createOrganisation(app.ctx, request.actor, request.body)),
  );

  app.get(
    '/api/v1/api-keys',
    {
      config: { action: 'api_keys:manage' },
      schema: { tags, summary: 'All API keys', response: { 200: z.array(ApiKeyView), ...errorResponses(401, 403) } },
    },
    async (request) => listAllApiKeys(app.ctx, request.actor),
  );
  app.post(
    '/api/v1/api-keys',
    {
      config: { action: 'api_keys:manage' },
      schema: {
        tags,
        summary: 'Create an API key (shown once)',
        body: CreateApiKeyBody,
        response: { 201: NewApiKeyView, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await createApiKey(app.ctx, request.actor, request.body)),
  );
  app.post(
    '/api/v1/api-keys/:id/revoke',
    {
      config: { action: 'api_keys:manage' },
      schema: {
        tags,
        summary: 'Revoke an API key',
        params: IdParams,
        response: { 200: ApiKeyView, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => revokeApiKey(app.ctx, request.actor, request.params.id),
  );
};
