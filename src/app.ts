import { readFileSync } from 'node:fs';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastJson, { type Schema } from 'fast-json-stringify';
import Fastify, { type FastifyError, type FastifyInstance, LogController } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppContext, createContext } from './app-context.js';
import { codesRoutes } from './codes/codes.routes.js';
import { type Config, loadConfig } from './config.js';
import { type Database, openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { AppError, type ErrorDetail } from './errors.js';
import { subjectsPages } from './subjects/pages/subjects.pages.js';
import { pinyinReadings } from './subjects/pinyin-query.js';
import { subjectsRoutes } from './subjects/subjects.routes.js';
import { accountsRoutes } from './accounts/accounts.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { consentsRoutes } from './consents/consents.routes.js';
import { auditPages } from './audit/pages/audit.pages.js';
import { accountsPages } from './accounts/pages/accounts.pages.js';
import { adminPages } from './accounts/pages/admin.pages.js';
import { registerAuth } from './auth/auth.hooks.js';
import { systemRoutes } from './system/system.routes.js';
import { STATIC_DIR } from './web/assets.js';
import { renderErrorPage } from './web/error-page.js';
import { registerSecurityHeaders } from './web/security-headers.js';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

export interface BuildAppOptions {
  config?: Partial<Config>;
  /** An open database; when absent one is opened from the configuration (and closed with the app). */
  database?: Database;
  /** Run migrations on start (default true). */
  migrate?: boolean;
  logger?: boolean;
  /** Validate every response against its schema (tests); otherwise responses are only serialised. */
  checkResponses?: boolean;
  /** Where log lines go (default stdout). */
  logStream?: NodeJS.WritableStream;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

function isHtmlRequest(url: string): boolean {
  return !url.startsWith('/api/') && url !== '/openapi.json' && !url.startsWith('/docs');
}

function toAppError(error: FastifyError): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'request');
    const details: ErrorDetail[] = [];
    let unknown = false;
    for (const v of error.validation) {
      const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      if (v.keyword === 'unrecognized_keys') {
        unknown = true;
        for (const key of (v.params as { keys?: string[] }).keys ?? []) {
          details.push({ field: `${where}.${path ? `${path}.` : ''}${key}`, message: 'is not a known parameter' });
        }
      } else {
        details.push({ field: path ? `${where}.${path}` : where, message: v.message ?? 'is invalid' });
      }
    }
    const summary = details.map((d) => `${d.field} ${d.message}`).join('; ');
    return new AppError(unknown ? 'unknown_parameter' : 'validation_failed', summary, details);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('malformed_json', `the request body is not valid JSON: ${error.message}`, [
        { field: 'body', message: error.message },
      ]);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'the request body is too large', [
        { field: 'body', message: error.message },
      ]);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', error.message, [{ field: 'content-type', message: error.message }]);
    default:
      break;
  }
  if (error instanceof SyntaxError)
    return new AppError('malformed_json', error.message, [{ field: 'body', message: error.message }]);
  if (error.statusCode === 429) return new AppError('rate_limited', error.message);
  if (error.statusCode === 405) return new AppError('method_not_allowed', error.message);
  if (error.statusCode === 413) return new AppError('payload_too_large', error.message);
  if (error.statusCode === 415) return new AppError('unsupported_media_type', error.message);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('validation_failed', error.message);
  }
  return new AppError('internal_error', 'internal error');
}

export async function buildApp(options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const config = { ...loadConfig(), ...options.config };
  const database = options.database ?? openDatabase(config.DATABASE_URL);
  if (options.migrate !== false) await migrateToLatest(database);

  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.LOG_LEVEL,
            ...(options.logStream ? { stream: options.logStream } : {}),
            // Codes and names of natural persons appear in URLs and bodies: keep them out of logs.
            redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-api-key"]'],
            serializers: {
              req: (req: { method: string; url: string; id: string }) => ({
                method: req.method,
                url: req.url.replace(/\d{6}(?:18|19|20)\d{2}[01]\d[0-3]\d\d{3}[\dXx]/g, '[citizen-id]'),
                id: req.id,
              }),
            },
          },
    logController: new LogController({ disableRequestLogging: !config.LOG_REQUESTS }),
    bodyLimit: 1024 * 1024,
    requestIdHeader: 'x-request-id',
  }).withTypeProvider<ZodTypeProvider>();

  app.decorate('ctx', createContext(database, config));
  app.setValidatorCompiler(validatorCompiler);
  // Responses: fast-json-stringify compiled from each route's zod schema (a third faster than
  // encoding through zod); tests keep zod's serializer, which also checks every response.
  if (options.checkResponses) app.setSerializerCompiler(serializerCompiler);
  else {
    app.setSerializerCompiler<z.ZodType>(({ schema }) =>
      fastJson(z.toJSONSchema(schema, { target: 'draft-7', io: 'output' }) as Schema),
    );
  }

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    if (isHtmlRequest(request.url) && request.method === 'GET') {
      return reply.status(appError.status).type('text/html; charset=utf-8').send(renderErrorPage(request, appError));
    }
    return reply.status(appError.status).send(appError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const appError = new AppError('not_found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`);
    if (isHtmlRequest(request.url)) {
      return reply.status(404).type('text/html; charset=utf-8').send(renderErrorPage(request, appError));
    }
    return reply.status(404).send(appError.toBody());
  });

  registerSecurityHeaders(app);
  registerAuth(app);
  // Limits apply where a route asks for one (config.rateLimit): sign-in and search.
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', `too many requests; try again in ${context.after}`, [
        { message: `limit ${context.max} per ${Math.round(context.ttl / 1000)} s` },
      ]),
  });
  await app.register(fastifyFormbody);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Xinyong credit information platform API',
        description: 'Subjects, identity codes and search. Errors are `{ error: { code, message, details } }`.',
        version: VERSION,
      },
      tags: [
        { name: 'subjects', description: 'The registry of credit subjects' },
        { name: 'codes', description: 'Identity code checks (GB 32100, GB 11643)' },
        { name: 'accounts', description: 'Sign-in, accounts, organisations and API keys' },
        { name: 'audit', description: 'The tamper-evident audit log' },
        { name: 'system', description: 'Health and metadata' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(fastifyStatic, { root: STATIC_DIR, prefix: '/static/', maxAge: '1h' });

  await app.register(systemRoutes);
  await app.register(codesRoutes);
  await app.register(subjectsRoutes);
  await app.register(accountsRoutes);
  await app.register(auditRoutes);
  await app.register(consentsRoutes);
  await app.register(subjectsPages);
  await app.register(accountsPages);
  await app.register(auditPages);
  await app.register(adminPages);

  // The pinyin syllable table takes a moment to build: do it before the first query needs it.
  app.addHook('onReady', async () => {
    pinyinReadings('a');
  });
  if (!options.database) app.addHook('onClose', async () => database.destroy());
  return app;
}
