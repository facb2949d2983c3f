import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../db/database.js';
import type { ApiKeysTable, DB, OrganisationsTable, SessionsTable, UsersTable } from '../db/schema.js';

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type OrganisationRow = Selectable<OrganisationsTable>;

export async function insertUser(trx: Kysely<DB>, user: Insertable<UsersTable>): Promise<UserRow> {
  return trx.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export async function findUserByUsername(database: Database, username: string): Promise<UserRow | undefined> {
  return database.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserById(database: Database, id: number): Promise<UserRow | undefined> {
  return database.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(database: Database): Promise<UserRow[]> {
  return database.db.selectFrom('users').selectAll().orderBy('id').execute();
}

export async function updateUser(trx: Kysely<DB>, id: number, patch: Updateable<UsersTable>): Promise<UserRow> {
  return trx.updateTable('users').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function insertSession(trx: Kysely<DB>, session: SessionRow): Promise<void> {
  await trx.insertInto('sessions').values(session).execute();
}

/** The session and its user (one query), if the session has not expired. */
export async function findLiveSession(
  database: Database,
  tokenHash: string,
  now: string,
): Promise<{ session: Pick<SessionRow, 'created_at' | 'last_seen_at'>; user: UserRow } | undefined> {
  const row = await database.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select(['s.created_at as session_created_at', 's.last_seen_at as session_last_seen_at'])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_created_at, session_last_seen_at, ...user } = row;
  return { session: { created_at: session_created_at, last_seen_at: session_last_seen_at }, user };
}

export async function touchSession(
  database: Database,
  tokenHash: string,
  now: string,
  expiresAt: string,
): Promise<void> {
  await database.db
    .updateTable('sessions')
    .set({ last_seen_at: now, expires_at: expiresAt })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function deleteSession(trx: Kysely<DB>, tokenHash: string): Promise<void> {
  await trx.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteUserSessions(trx: Kysely<DB>, userId: number): Promise<void> {
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function insertApiKey(trx: Kysely<DB>, key: Insertable<ApiKeysTable>): Promise<ApiKeyRow> {
  return trx.insertInto('api_keys').values(key).returningAll().executeTakeFirstOrThrow();
}

export async function findApiKeyByHash(database: Database, keyHash: string): Promise<ApiKeyRow | undefined> {
  return database.db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
}

export async function listApiKeys(database: Database): Promise<ApiKeyRow[]> {
  return database.db.selectFrom('api_keys').selectAll().orderBy('id').execute();
}

export async function updateApiKey(
  trx: Kysely<DB>,
  id: number,
  patch: Updateable<ApiKeysTable>,
): Promise<ApiKeyRow | undefined> {
  return trx.updateTable('api_keys').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function insertOrganisation(
  trx: Kysely<DB>,
  organisation: Insertable<OrganisationsTable>,
): Promise<OrganisationRow> {
  return trx.insertInto('organisations').values(organisation).returningAll().executeTakeFirstOrThrow();
}

export async function findOrganisation(database: Database, id: number): Promise<OrganisationRow | undefined> {
  return database.db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listOrganisations(database: Database): Promise<OrganisationRow[]> {
  return database.db.selectFrom('organisations').selectAll().orderBy('id').execute();
}
