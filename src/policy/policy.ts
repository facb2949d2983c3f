import type { Actor } from '../auth/actor.js';
import type { Role } from '../db/schema.js';
import { AppError } from '../errors.js';

/** Who may act: the signed-in roles, the anonymous public, and API keys (by their scopes). */
export type Principal = Role | 'public';

interface Rule {
  /** Roles allowed (public means everyone, signed in or not). */
  roles: readonly Principal[];
  /** Whether an API key may be given this action as a scope. */
  keys: boolean;
  description: string;
}

const STAFF = ['admin', 'operator'] as const;

/** The one table of who may do what. Every route names one of these actions. */
export const POLICY = {
  'system:health': { roles: ['public'], keys: true, description: 'liveness' },
  'pages:view': { roles: ['public'], keys: false, description: 'public web pages' },
  'codes:check': { roles: ['public'], keys: true, description: 'check identity codes' },
  'subjects:search': { roles: ['public'], keys: true, description: 'search the registry' },
  'subjects:read': { roles: ['public'], keys: true, description: 'read a subject' },
  'subjects:create': { roles: [...STAFF, 'department'], keys: true, description: 'register subjects' },
  'subjects:update': { roles: [...STAFF, 'department'], keys: true, description: 'change subjects' },
  'subjects:read_personal': {
    roles: ['admin', 'operator', 'department', 'subject_user'],
    keys: false,
    description: "read a person's non-public data: needs a purpose and the person's consent (or to be that person)",
  },
  'consents:record': {
    roles: ['admin', 'operator', 'department', 'subject_user'],
    keys: false,
    description: 'record a consent given by a subject (a subject user only for its own subject)',
  },
  'subjects:access_log': {
    roles: ['admin', 'operator', 'subject_user'],
    keys: false,
    description: "who read a subject's non-public data (a subject user only its own)",
  },
  'auth:login': { roles: ['public'], keys: false, description: 'sign in' },
  'auth:self': {
    roles: ['admin', 'operator', 'department', 'association', 'subject_user'],
    keys: false,
    description: 'own account: who am I, sign out, change password',
  },
  'users:manage': { roles: ['admin'], keys: false, description: 'create, list and disable accounts' },
  'organisations:manage': { roles: ['admin'], keys: false, description: 'create and list organisations' },
  'api_keys:manage': { roles: ['admin'], keys: false, description: 'create, list and revoke API keys' },
  'audit:read': { roles: [...STAFF], keys: false, description: 'read and verify the audit log' },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;
export const ACTIONS = Object.keys(POLICY) as Action[];

export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && Object.hasOwn(POLICY, value);
}

/** Whether the actor may perform the action. */
export function can(actor: Actor, action: Action): boolean {
  const rule: Rule = POLICY[action];
  if (actor.role === 'system') return true;
  if (actor.apiKeyId !== null) return rule.keys && (actor.scopes ?? []).includes(action);
  return rule.roles.includes('public') || rule.roles.includes(actor.role as Principal);
}

/** Throws 401 for the anonymous, 403 for the signed-in, when the actor may not act. */
export function authorize(actor: Actor, action: Action): void {
  if (can(actor, action)) return;
  if (actor.role === 'public' && actor.apiKeyId === null) {
    throw new AppError('unauthenticated', `${action} needs you to sign in`, [{ message: `action ${action}` }]);
  }
  throw new AppError('forbidden', `${actor.apiKeyId !== null ? 'this API key' : actor.role} may not ${action}`, [
    { message: `action ${action}` },
  ]);
}

/** Scopes an API key may be given. */
export const KEY_SCOPES = ACTIONS.filter((a) => POLICY[a].keys);
