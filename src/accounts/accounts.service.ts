import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { appendAudit } from '../audit/audit.repository.js';
import { auditDraft } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { AppError } from '../errors.js';
import { authorize, isAction, KEY_SCOPES } from '../policy/policy.js';
import {
  type ApiKeyRow,
  deleteSession,
  deleteUserSessions,
  findApiKeyByHash,
  findLiveSession,
  findOrganisation,
  findUserById,
  findUserByUsername,
  insertApiKey,
  insertOrganisation,
  insertSession,
  insertUser,
  listApiKeys,
  listOrganisations,
  listUsers,
  type OrganisationRow,
  touchSession,
  updateApiKey,
  updateUser,
  type UserRow,
} from './accounts.repository.js';
import type {
  ApiKeyView,
  CreateApiKeyInput,
  CreateOrganisationInput,
  CreateUserInput,
  OrganisationView,
  UserView,
} from './accounts.schemas.js';

/** How long a session lives without use, and at most. */
const SESSION_IDLE_MS = 12 * 3600 * 1000;
const SESSION_MAX_MS = 7 * 24 * 3600 * 1000;
/** Failed sign-ins before the account locks, and for how long. */
const MAX_FAILED_LOGINS = 5;
const LOCK_MS = 15 * 60 * 1000;

export const API_KEY_HEADER = 'x-api-key';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const later = (ms: number) => new Date(Date.now() + ms).toISOString();

// Verifying against this when the account does not exist takes as long as a real check, so the
// answer time does not tell which usernames exist.
let dummyHash: Promise<string> | undefined;

export function presentUser(row: UserRow): z.infer<typeof UserView> {
  return {
    id: row.id,
    username: row.username,
    display_name: row.display_name,
    role: row.role,
    org_id: row.org_id,
    subject_id: row.subject_id,
    disabled: row.disabled_at !== null,
    locked_until: row.locked_until && row.locked_until > new Date().toISOString() ? row.locked_until : null,
    created_at: row.created_at,
  };
}

function presentApiKey(row: ApiKeyRow): z.infer<typeof ApiKeyView> {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: JSON.parse(row.scopes) as string[],
    org_id: row.org_id,
    created_at: row.created_at,
    last_used_at: row.last_used_at,
    revoked: row.revoked_at !== null,
  };
}

function presentOrganisation(row: OrganisationRow): z.infer<typeof OrganisationView> {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    code: row.code,
    division: row.division,
    created_at: row.created_at,
  };
}

export function userActor(user: UserRow, base: Actor): Actor {
  return {
    ...base,
    userId: user.id,
    username: user.username,
    role: user.role,
    orgId: user.org_id,
    subjectId: user.subject_id,
  };
}

export async function createUser(ctx: AppContext, actor: Actor, input: CreateUserInput) {
  authorize(actor, 'users:manage');
  const needsOrg = input.role === 'department' || input.role === 'association';
  if (needsOrg) {
    const org = input.org_id ? await findOrganisation(ctx.database, input.org_id) : undefined;
    if (!org) {
      throw new AppError('validation_failed', `a ${input.role} account belongs to an organisation`, [
        { field: 'body.org_id', message: input.org_id ? 'no such organisation' : 'is required for this role' },
      ]);
    }
    if (org.kind !== input.role) {
      throw new AppError('validation_failed', `organisation ${org.id} is a ${org.kind}, not a ${input.role}`, [
        { field: 'body.org_id', message: `must be a ${input.role}` },
      ]);
    }
  }
  if (input.role === 'subject_user' && !input.subject_id) {
    throw new AppError('validation_failed', 'a subject_user speaks for one subject', [
      { field: 'body.subject_id', message: 'is required for this role' },
    ]);
  }
  if (await findUserByUsername(ctx.database, input.username)) {
    throw new AppError('username_taken', `the username ${input.username} is taken`, [
      { field: 'body.username', message: 'is taken' },
    ]);
  }
  const now = new Date().toISOString();
  const passwordHash = await argonHash(input.password);
  const user = await ctx.database.db.transaction().execute(async (trx) => {
    const row = await insertUser(trx, {
      username: input.username,
      display_name: input.display_name,
      password_hash: passwordHash,
      role: input.role,
      org_id: needsOrg ? (input.org_id ?? null) : null,
      subject_id: input.role === 'subject_user' ? (input.subject_id ?? null) : null,
      disabled_at: null,
      locked_until: null,
      password_changed_at: now,
      created_at: now,
    });
    await appendAudit(ctx.database, trx, ctx.auditKey, [
      auditDraft(actor, 'users:create', { type: 'user', id: String(row.id) }),
    ]);
    return row;
  });
  return presentUser(user);
}

export async function listAllUsers(ctx: AppContext, actor: Actor) {
  authorize(actor, 'users:manage');
  return (await listUsers(ctx.database)).map(presentUser);
}

export async function disableUser(ctx: AppContext, actor: Actor, id: number) {
  authorize(actor, 'users:manage');
  const user = await findUserById(ctx.database, id);
  if (!user) throw new AppError('not_found', `no user ${id}`, [{ field: 'params.id', message: 'no such user' }]);
  if (user.id === actor.userId) {
    throw new AppError('validation_failed', 'you cannot disable your own account', [
      { field: 'params.id', message: 'is your own account' },
    ]);
  }
  const updated = await ctx.database.db.transaction().execute(async (trx) => {
    const row = await updateUser(trx, id, { disabled_at: user.disabled_at ?? new Date().toISOString() });
    await deleteUserSessions(trx, id);
    await appendAudit(ctx.database, trx, ctx.auditKey, [
      auditDraft(actor, 'users:disable', { type: 'user', id: String(id) }),
    ]);
    return row;
  });
  return presentUser(updated);
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: z.infer<typeof UserView>;
}

/**
 * Signs in. Wrong passwords count towards a lockout; every refusal is audited. The same answer
 * (invalid_credentials) is given for an unknown user, a wrong password and a disabled account.
 */
export async function login(
  ctx: AppContext,
  base: Actor,
  username: string,
  password: string,
  userAgent: string | null,
) {
  const user = await findUserByUsername(ctx.database, username);
  const now = new Date().toISOString();
  const refuse = async (reason: string, error: AppError) => {
    await ctx.database.db.transaction().execute(async (trx) => {
      if (user && reason === 'wrong password') {
        const failed = user.failed_logins + 1;
        await updateUser(
          trx,
          user.id,
          failed >= MAX_FAILED_LOGINS ? { failed_logins: 0, locked_until: later(LOCK_MS) } : { failed_logins: failed },
        );
      }
      await appendAudit(ctx.database, trx, ctx.auditKey, [
        auditDraft(
          { ...base, userId: user?.id ?? null },
          'auth:login',
          { type: 'user', id: username.slice(0, 64) },
          {
            outcome: 'denied',
            purpose: reason,
          },
        ),
      ]);
    });
    throw error;
  };
  const invalid = new AppError('invalid_credentials', 'wrong username or password', [
    { field: 'body.password', message: 'wrong username or password' },
  ]);
  if (!user) {
    dummyHash ??= argonHash(randomBytes(16).toString('hex'));
    await argonVerify(await dummyHash, password);
    return refuse('unknown user', invalid);
  }
  if (user.locked_until && user.locked_until > now) {
    return refuse(
      'locked',
      new AppError('account_locked', `too many failed sign-ins; try again after ${user.locked_until}`, [
        { field: 'body.username', message: `locked until ${user.locked_until}` },
      ]),
    );
  }
  const passwordOk = await argonVerify(user.password_hash, password);
  if (!passwordOk) return refuse('wrong password', invalid);
  if (user.disabled_at) return refuse('disabled', invalid);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = later(SESSION_IDLE_MS);
  await ctx.database.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { failed_logins: 0, locked_until: null });
    await insertSession(trx, {
      token_hash: sha256(token),
      user_id: user.id,
      created_at: now,
      expires_at: expiresAt,
      last_seen_at: now,
      ip: base.ip,
      user_agent: userAgent?.slice(0, 300) ?? null,
    });
    await appendAudit(ctx.database, trx, ctx.auditKey, [
      auditDraft(userActor(user, base), 'auth:login', { type: 'user', id: String(user.id) }),
    ]);
  });
  return { token, expiresAt, user: presentUser(user) } satisfies LoginResult;
}

/** The actor of a session cookie, or null when the session is unknown, expired or the user disabled. */
export async function resolveSession(ctx: AppContext, token: string, base: Actor): Promise<Actor | null> {
  const tokenHash = sha256(token);
  const now = new Date();
  const found = await findLiveSession(ctx.database, tokenHash, now.toISOString());
  if (!found || found.user.disabled_at) return null;
  // Slide the expiry at most once a minute, and never past the session's maximum age.
  if (now.getTime() - Date.parse(found.session.last_seen_at) > 60_000) {
    const max = Date.parse(found.session.created_at) + SESSION_MAX_MS;
    const expires = new Date(Math.min(now.getTime() + SESSION_IDLE_MS, max)).toISOString();
    await touchSession(ctx.database, tokenHash, now.toISOString(), expires);
  }
  return userActor(found.user, base);
}

export async function logout(ctx: AppContext, actor: Actor, token: string) {
  authorize(actor, 'auth:self');
  await ctx.database.db.transaction().execute(async (trx) => {
    await deleteSession(trx, sha256(token));
    await appendAudit(ctx.database, trx, ctx.auditKey, [
      auditDraft(actor, 'auth:logout', { type: 'user', id: String(actor.userId) }),
    ]);
  });
}

export async function currentUser(ctx: AppContext, actor: Actor) {
  authorize(actor, 'auth:self');
  const user = actor.userId === null ? undefined : await findUserById(ctx.database, actor.userId);
  if (!user) throw new AppError('unauthenticated', 'sign in first');
  return presentUser(user);
}

/** Changes the password and ends every other session of the account. */
export async function changePassword(
  ctx: AppContext,
  actor: Actor,
  current: string,
  next: string,
  keepToken: string | null,
) {
  authorize(actor, 'auth:self');
  const user = actor.userId === null ? undefined : await findUserById(ctx.database, actor.userId);
  if (!user) throw new AppError('unauthenticated', 'sign in first');
  if (!(await argonVerify(user.password_hash, current))) {
    throw new AppError('invalid_credentials', 'the current password is wrong', [
      { field: 'body.current_password', message: 'is wrong' },
    ]);
  }
  const passwordHash = await argonHash(next);
  await ctx.database.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { password_hash: passwordHash, password_changed_at: new Date().toISOString() });
    await deleteUserSessions(trx, user.id);
    if (keepToken) {
      const now = new Date().toISOString();
      await insertSession(trx, {
        token_hash: sha256(keepToken),
        user_id: user.id,
        created_at: now,
        expires_at: later(SESSION_IDLE_MS),
        last_seen_at: now,
        ip: actor.ip,
        user_agent: null,
      });
    }
    await appendAudit(ctx.database, trx, ctx.auditKey, [
      auditDraft(actor, 'auth:password', { type: 'user', id: String(user.id) }),
    ]);
  });
}

export async function createOrganisation(ctx: AppContext, actor: Actor, input: CreateOrganisationInput) {
  authorize(actor, 'organisations:manage');
  const org = await ctx.database.db.transaction().execute(async (trx) => {
    const row = await insertOrganisation(trx, {
      name: input.name,
      kind: input.kind,
      code: input.code ?? null,
      division: input.division ?? null,
      created_at: new Date().toISOString(),
    });
    await appendAudit(ctx.database, trx, ctx.auditKey, [
      auditDraft(actor, 'organisations:create', { type: 'organisation', id: String(row.id) }),
    ]);
    return row;
  });
  return presentOrganisation(org);
}

export async function listAllOrganisations(ctx: AppContext, actor: Actor) {
  authorize(actor, 'organisations:manage');
  return (await listOrganisations(ctx.database)).map(presentOrganisation);
}

/** Creates an API key; the key is returned this once and kept only as a hash. */
export async function createApiKey(ctx: AppContext, actor: Actor, input: CreateApiKeyInput) {
  authorize(actor, 'api_keys:manage');
  const scopes = [...new Set(input.scopes)].filter((s) => (KEY_SCOPES as string[]).includes(s));
  if (input.org_id && !(await findOrganisation(ctx.database, input.org_id))) {
    throw new AppError('validation_failed', `no organisation ${input.org_id}`, [
      { field: 'body.org_id', message: 'no such organisation' },
    ]);
  }
  const key = `xy_${randomBytes(30).toString('base64url')}`;
  const row = await ctx.database.db.transaction().execute(async (trx) => {
    const inserted = await insertApiKey(trx, {
      name: input.name,
      prefix: key.slice(0, 10),
      key_hash: sha256(key),
      scopes: JSON.stringify(scopes),
      org_id: input.org_id ?? null,
      created_by: actor.userId,
      created_at: new Date().toISOString(),
      last_used_at: null,
      revoked_at: null,
    });
    await appendAudit(ctx.database, trx, ctx.auditKey, [
      auditDraft(actor, 'api_keys:create', { type: 'api_key', id: String(inserted.id) }),
    ]);
    return inserted;
  });
  return { ...presentApiKey(row), key };
}

export async function listAllApiKeys(ctx: AppContext, actor: Actor) {
  authorize(actor, 'api_keys:manage');
  return (await listApiKeys(ctx.database)).map(presentApiKey);
}

export async function revokeApiKey(ctx: AppContext, actor: Actor, id: number) {
  authorize(actor, 'api_keys:manage');
  const row = await ctx.database.db.transaction().execute(async (trx) => {
    const updated = await updateApiKey(trx, id, { revoked_at: new Date().toISOString() });
    if (!updated) throw new AppError('not_found', `no API key ${id}`, [{ field: 'params.id', message: 'no such key' }]);
    await appendAudit(ctx.database, trx, ctx.auditKey, [
      auditDraft(actor, 'api_keys:revoke', { type: 'api_key', id: String(id) }),
    ]);
    return updated;
  });
  return presentApiKey(row);
}

/** The actor of an API key, or null when the key is unknown or revoked. */
export async function resolveApiKey(ctx: AppContext, key: string, base: Actor): Promise<Actor | null> {
  const row = await findApiKeyByHash(ctx.database, sha256(key));
  if (!row || row.revoked_at) return null;
  const now = new Date();
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
    await ctx.database.db.transaction().execute(async (trx) => {
      await updateApiKey(trx, row.id, { last_used_at: now.toISOString() });
    });
  }
  const scopes = (JSON.parse(row.scopes) as string[]).filter(isAction);
  return { ...base, role: 'api_key', apiKeyId: row.id, orgId: row.org_id, scopes };
}
