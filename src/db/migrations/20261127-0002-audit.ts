import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../database.js';

/** The append-only audit log: rows are hash-chained, and triggers refuse UPDATE and DELETE. */
export function auditMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // In SQLite an integer primary key is the row id itself: one B-tree fewer to write per row.
      await sql`create table audit_log (
        seq ${dialect === 'postgres' ? sql`bigint` : sql`integer`} primary key,
        at text not null,
        actor_id bigint,
        actor_role text not null,
        org_id bigint,
        api_key_id bigint,
        ip text,
        request_id text,
        action text not null,
        target_type text,
        target_id text,
        purpose text,
        outcome text not null,
        before_digest text,
        after_digest text,
        prev_hash text not null,
        hash text not null
      )`.execute(db);
      await sql`create index audit_log_target on audit_log (target_type, target_id, seq)`.execute(db);
      await sql`create index audit_log_at on audit_log (at)`.execute(db);
      if (dialect === 'postgres') {
        await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
          begin
            raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
          end $$`.execute(db);
        await sql`create trigger audit_log_no_change before update or delete on audit_log
          for each row execute function audit_log_append_only()`.execute(db);
        await sql`create trigger audit_log_no_truncate before truncate on audit_log
          for each statement execute function audit_log_append_only()`.execute(db);
      } else {
        await sql`create trigger audit_log_no_update before update on audit_log
          begin select raise(abort, 'audit_log is append-only: UPDATE refused'); end`.execute(db);
        await sql`create trigger audit_log_no_delete before delete on audit_log
          begin select raise(abort, 'audit_log is append-only: DELETE refused'); end`.execute(db);
      }
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table audit_log`.execute(db);
      if (dialect === 'postgres') await sql`drop function audit_log_append_only()`.execute(db);
    },
  };
}
