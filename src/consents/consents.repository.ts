import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../db/database.js';
import type { ConsentsTable, DB, Purpose } from '../db/schema.js';

export type ConsentRow = Selectable<ConsentsTable>;

export async function insertConsent(trx: Kysely<DB>, consent: Insertable<ConsentsTable>): Promise<ConsentRow> {
  return trx.insertInto('consents').values(consent).returningAll().executeTakeFirstOrThrow();
}

export async function listConsents(database: Database, subjectId: number): Promise<ConsentRow[]> {
  return database.db
    .selectFrom('consents')
    .selectAll()
    .where('subject_id', '=', subjectId)
    .orderBy('id', 'desc')
    .execute();
}

/** A consent in force today for the subject, organisation and purpose. */
export async function findValidConsent(
  database: Database,
  subjectId: number,
  orgId: number | null,
  purpose: Purpose,
  today: string,
): Promise<ConsentRow | undefined> {
  let query = database.db
    .selectFrom('consents')
    .selectAll()
    .where('subject_id', '=', subjectId)
    .where('purpose', '=', purpose)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>=', today);
  query = orgId === null ? query.where('org_id', 'is', null) : query.where('org_id', '=', orgId);
  return query.executeTakeFirst();
}

/** Reads of a subject's non-public data, newest first, with the reader's organisation. */
export async function personalReads(database: Database, subjectId: number, limit: number) {
  return database.db
    .selectFrom('audit_log as a')
    .leftJoin('organisations as o', 'o.id', 'a.org_id')
    .select(['a.at', 'a.actor_role', 'a.purpose', 'a.outcome', 'o.name as organisation'])
    .where('a.target_type', '=', 'subject')
    .where('a.target_id', '=', String(subjectId))
    .where('a.action', '=', 'subjects:read_personal')
    .orderBy('a.seq', 'desc')
    .limit(limit)
    .execute();
}
