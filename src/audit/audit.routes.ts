import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../errors.js';
import { authorize } from '../policy/policy.js';
import { AuditPage, AuditQuery, AuditVerificationView } from './audit.schemas.js';
import { browseAudit, verifyAuditLog } from './audit.service.js';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/audit',
    {
      config: { action: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first, with filters',
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => browseAudit(app.ctx, request.actor, request.query),
  );
  app.get(
    '/api/v1/audit/verify',
    {
      config: { action: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Recompute the hash chain and report the first broken link',
        response: { 200: AuditVerificationView, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      authorize(request.actor, 'audit:read');
      return verifyAuditLog(app.ctx);
    },
  );
};
