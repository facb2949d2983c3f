import { type Kysely, sql } from 'kysely';
import { type Database, preparedStatement } from '../db/database.js';
import type { AuditLogTable, DB } from '../db/schema.js';
import { type AuditContent, auditHash, CHAINED_FIELDS, GENESIS_HASH } from './audit-chain.js';

export type AuditDraft = Omit<AuditContent, 'seq' | 'prev_hash'>;

const AUDIT_COLUMNS = [...CHAINED_FIELDS, 'hash'] as const;

// Any fixed number: the lock that serialises appends to the chain across connections.
const AUDIT_LOCK = 7_210_001;

/**
 * Appends rows to the chain inside the caller's transaction, so that a write and its audit rows
 * commit together or not at all.
 */
export async function appendAudit(
  database: Database,
  trx: Kysely<DB>,
  key: Buffer,
  drafts: AuditDraft[],
): Promise<void> {
  if (drafts.length === 0) return;
  // SQLite: prepared statements on the connection the transaction holds (kysely builds and
  // compiles a seventeen-column insert for each row, which costs more than the insert).
  const handle = database.sqlite;
  if (!handle) await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
  const last = handle
    ? (preparedStatement(handle, 'select seq, hash from audit_log order by seq desc limit 1').get() as
        | { seq: number; hash: string }
        | undefined)
    : await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = last ? last.seq : 0;
  let prev = last?.hash ?? GENESIS_HASH;
  const rows: AuditLogTable[] = drafts.map((draft) => {
    seq++;
    const content: AuditContent = { ...draft, seq, prev_hash: prev };
    prev = auditHash(key, content);
    return { ...content, hash: prev };
  });
  if (handle) {
    const insert = preparedStatement(
      handle,
      `insert into audit_log (${AUDIT_COLUMNS.join(', ')}) values (${AUDIT_COLUMNS.map(() => '?').join(', ')})`,
    );
    for (const row of rows) insert.run(AUDIT_COLUMNS.map((c) => row[c]));
    return;
  }
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('audit_log')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** Rows after a seq (all rows from the lowest when null), in order, for verification in pages. */
export async function auditRowsAfter(
  database: Database,
  afterSeq: number | null,
  limit: number,
): Promise<AuditLogTable[]> {
  let query = database.db.selectFrom('audit_log').selectAll();
  if (afterSeq !== null) query = query.where('seq', '>', afterSeq);
  return query.orderBy('seq').limit(limit).execute();
}

export interface AuditFilters {
  action?: string | undefined;
  actor_role?: string | undefined;
  actor_id?: number | undefined;
  target_type?: string | undefined;
  target_id?: string | undefined;
  outcome?: 'ok' | 'denied' | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Newest first; one row more than asked, so the caller knows whether there is a next page. */
export async function searchAudit(
  database: Database,
  filters: AuditFilters,
  offset: number,
  limit: number,
): Promise<AuditLogTable[]> {
  let query = database.db.selectFrom('audit_log').selectAll();
  if (filters.action) query = query.where('action', '=', filters.action);
  if (filters.actor_role) query = query.where('actor_role', '=', filters.actor_role);
  if (filters.actor_id) query = query.where('actor_id', '=', filters.actor_id);
  if (filters.target_type) query = query.where('target_type', '=', filters.target_type);
  if (filters.target_id) query = query.where('target_id', '=', filters.target_id);
  if (filters.outcome) query = query.where('outcome', '=', filters.outcome);
  if (filters.from) query = query.where('at', '>=', filters.from);
  if (filters.to) query = query.where('at', '<', filters.to);
  return query
    .orderBy('seq', 'desc')
    .offset(offset)
    .limit(limit + 1)
    .execute();
}
