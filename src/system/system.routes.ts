import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { AppError, errorResponses } from '../errors.js';

const Health = z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']) });

export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/health',
    {
      config: { action: 'system:health' },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database reachability',
        response: { 200: Health, ...errorResponses(503) },
      },
    },
    async () => {
      try {
        await sql`select 1`.execute(app.ctx.database.db);
      } catch {
        throw new AppError('database_unavailable', 'the database does not answer');
      }
      return { status: 'ok' as const, database: app.ctx.database.dialect };
    },
  );
};
