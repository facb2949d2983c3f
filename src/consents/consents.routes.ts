import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PURPOSES } from '../db/schema.js';
import { errorResponses } from '../errors.js';
import { SubjectKeyParams, SubjectView } from '../subjects/subjects.schemas.js';
import { AccessLogEntry, ConsentView, RecordConsentBody } from './consents.schemas.js';
import { accessLog, readPersonalData, recordConsent, subjectConsents } from './consents.service.js';

export const consentsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['subjects'];
  app.get(
    '/api/v1/subjects/:key/personal',
    {
      config: { action: 'subjects:read_personal' },
      schema: {
        tags,
        summary: "A subject with a natural person's non-public data (citizen ID, address); audited",
        params: SubjectKeyParams,
        querystring: z.object({ purpose: z.enum(PURPOSES).optional().describe('Why you read it') }).strict(),
        response: { 200: SubjectView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => readPersonalData(app.ctx, request.actor, request.params.key, request.query.purpose),
  );
  app.get(
    '/api/v1/subjects/:key/consents',
    {
      config: { action: 'consents:record' },
      schema: {
        tags,
        summary: 'Consents recorded for a subject',
        params: SubjectKeyParams,
        response: { 200: z.array(ConsentView), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => subjectConsents(app.ctx, request.actor, request.params.key),
  );
  app.post(
    '/api/v1/subjects/:key/consents',
    {
      config: { action: 'consents:record' },
      schema: {
        tags,
        summary: 'Record a consent the subject gave (to whom, for what purpose, until when, with what evidence)',
        params: SubjectKeyParams,
        body: RecordConsentBody,
        response: { 201: ConsentView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordConsent(app.ctx, request.actor, request.params.key, request.body)),
  );
  app.get(
    '/api/v1/subjects/:key/access-log',
    {
      config: { action: 'subjects:access_log' },
      schema: {
        tags,
        summary: "Who read the subject's non-public data, when and why",
        params: SubjectKeyParams,
        response: { 200: z.array(AccessLogEntry), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => accessLog(app.ctx, request.actor, request.params.key),
  );
};
