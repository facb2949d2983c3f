import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestActor } from '../auth/actor.js';
import { errorResponses } from '../errors.js';
import {
  CreateSubjectBody,
  SearchResult,
  SearchSubjectsQuery,
  SubjectKeyParams,
  SubjectView,
  UpdateSubjectBody,
} from './subjects.schemas.js';
import { createSubject, getSubject, searchSubjects, updateSubject } from './subjects.service.js';

export const subjectsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/subjects',
    {
      config: { action: 'subjects:search', rateLimit: { max: app.ctx.config.RATE_LIMIT_SEARCH, timeWindow: 60_000 } },
      schema: {
        tags: ['subjects'],
        summary: 'Search subjects by code, code prefix, name, former name or pinyin',
        querystring: SearchSubjectsQuery,
        response: { 200: SearchResult, ...errorResponses(400, 429) },
      },
    },
    async (request) => searchSubjects(app.ctx, request.query),
  );

  app.post(
    '/api/v1/subjects',
    {
      config: { action: 'subjects:create' },
      schema: {
        tags: ['subjects'],
        summary: 'Register a subject',
        body: CreateSubjectBody,
        response: { 201: SubjectView, ...errorResponses(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request, reply) => reply.status(201).send(await createSubject(app.ctx, request.body, requestActor(request))),
  );

  app.get(
    '/api/v1/subjects/:key',
    {
      config: { action: 'subjects:read' },
      schema: {
        tags: ['subjects'],
        summary: 'One subject by USCC, citizen ID or id',
        params: SubjectKeyParams,
        response: { 200: SubjectView, ...errorResponses(400, 404) },
      },
    },
    async (request) => getSubject(app.ctx, request.params.key),
  );

  app.patch(
    '/api/v1/subjects/:key',
    {
      config: { action: 'subjects:update' },
      schema: {
        tags: ['subjects'],
        summary: 'Change a subject; a new name moves the old one to former names',
        params: SubjectKeyParams,
        body: UpdateSubjectBody,
        response: { 200: SubjectView, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request) => updateSubject(app.ctx, request.params.key, request.body, requestActor(request)),
  );
};
