import type { FastifyRequest } from 'fastify';

/** Who is acting, as the audit log records it. Accounts and roles come with the trust issue. */
export interface Actor {
  userId: number | null;
  role: string;
  orgId: number | null;
  apiKeyId: number | null;
  ip: string | null;
  requestId: string | null;
}

/** The platform itself: the CLI, migrations, the demo loader. */
export const SYSTEM_ACTOR: Actor = {
  userId: null,
  role: 'system',
  orgId: null,
  apiKeyId: null,
  ip: null,
  requestId: null,
};

export function requestActor(request: FastifyRequest): Actor {
  return { userId: null, role: 'public', orgId: null, apiKeyId: null, ip: request.ip, requestId: request.id };
}
