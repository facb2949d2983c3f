import type { FastifyRequest } from 'fastify';

/** Who is acting: a signed-in user, an API key, the anonymous public, or the platform itself. */
export interface Actor {
  userId: number | null;
  /** The account name of a signed-in user. */
  username?: string;
  /** A role, 'public' for the anonymous, 'api_key' for a key, 'system' for the CLI. */
  role: string;
  orgId: number | null;
  apiKeyId: number | null;
  /** The actions an API key was given; null for everyone else. */
  scopes: string[] | null;
  /** For a subject's own users: the subject they speak for. */
  subjectId: number | null;
  ip: string | null;
  requestId: string | null;
}

/** The platform itself: the CLI, migrations, the demo loader. */
export const SYSTEM_ACTOR: Actor = {
  userId: null,
  role: 'system',
  orgId: null,
  apiKeyId: null,
  scopes: null,
  subjectId: null,
  ip: null,
  requestId: null,
};

export function anonymousActor(request: FastifyRequest): Actor {
  return { ...SYSTEM_ACTOR, role: 'public', ip: request.ip, requestId: request.id };
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
}

/** The actor the authentication hook found for this request. */
export function requestActor(request: FastifyRequest): Actor {
  return request.actor;
}
