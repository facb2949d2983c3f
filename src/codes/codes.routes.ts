import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../errors.js';
import { checkCode } from './check-code.js';
import { CodeCheck, CodeParams } from './codes.schemas.js';

export const codesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/codes/:code',
    {
      config: { action: 'codes:check' },
      schema: {
        tags: ['codes'],
        summary: 'Check a USCC or citizen ID and take it apart (200 also when the code is invalid)',
        params: CodeParams,
        response: { 200: CodeCheck, ...errorResponses(400) },
      },
    },
    async (request) => checkCode(request.params.code),
  );
};
