import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { citizenId, subjectInput, uscc } from '../../test/factories.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/helpers.js';
import { SYSTEM_ACTOR } from '../auth/actor.js';
import { createSubject, importSubjects, updateSubject } from '../subjects/subjects.service.js';
import { canonicalAuditContent } from './audit-chain.js';
import { verifyAuditLog } from './audit.service.js';

const actor = { ...SYSTEM_ACTOR, role: 'operator', ip: '127.0.0.1', requestId: 'req-1' };

/** Runs SQL on the audit table with its triggers out of the way, as an attacker with database access could. */
async function tamper(t: TestDatabase, statement: string): Promise<void> {
  if (t.database.dialect === 'sqlite') {
    t.database.sqlite!.exec(
      `drop trigger if exists audit_log_no_update; drop trigger if exists audit_log_no_delete; ${statement}`,
    );
    return;
  }
  await t.database.db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql.raw(statement).execute(trx);
  });
}

for (const dialect of DIALECTS) {
  describe(`audit log on ${dialect}`, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await createTestDatabase(dialect);
      await createSubject(t.ctx, subjectInput({ code: uscc(1), name: '杭州恒瑞科技有限公司' }), actor);
      await updateSubject(t.ctx, uscc(1), { status: 'revoked' }, actor);
      await importSubjects(t.ctx, SYSTEM_ACTOR, [
        subjectInput({ code: uscc(2), name: '宁波海天贸易有限公司' }),
        subjectInput({ code: citizenId(), name: '李明', kind: 'natural_person' }),
      ]);
      await createSubject(t.ctx, subjectInput({ code: uscc(3), name: '温州锦绣服装有限公司' }), actor);
    });
    afterEach(async () => t.drop());

    it('records each write with actor, action, target and digests, and verifies', async () => {
      const rows = await t.database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
      assert.deepEqual(
        rows.map((r) => [r.seq, r.action, r.actor_role, r.outcome]),
        [
          [1, 'subjects:create', 'operator', 'ok'],
          [2, 'subjects:update', 'operator', 'ok'],
          [3, 'subjects:import', 'system', 'ok'],
          [4, 'subjects:create', 'operator', 'ok'],
        ],
      );
      assert.equal(rows[0]?.ip, '127.0.0.1');
      assert.equal(rows[0]?.request_id, 'req-1');
      assert.equal(rows[1]?.before_digest, rows[0]?.after_digest);
      assert.notEqual(rows[1]?.after_digest, rows[1]?.before_digest);
      assert.equal(rows[2]?.target_id, 'rows 1-2');
      const result = await verifyAuditLog(t.ctx);
      assert.deepEqual(
        { ok: result.ok, checked: result.checked, first_break: result.first_break },
        {
          ok: true,
          checked: 4,
          first_break: null,
        },
      );
      assert.equal(result.head_hash, rows[3]?.hash);
    });

    it('refuses UPDATE and DELETE on the audit table', async () => {
      await assert.rejects(sql`update audit_log set action = 'x' where seq = 1`.execute(t.database.db), /append-only/);
      await assert.rejects(sql`delete from audit_log where seq = 1`.execute(t.database.db), /append-only/);
      assert.equal((await verifyAuditLog(t.ctx)).ok, true);
    });

    it('rolls the audit row back with a write that fails', async () => {
      await assert.rejects(createSubject(t.ctx, subjectInput({ code: uscc(1), name: '重复' }), actor));
      assert.equal((await verifyAuditLog(t.ctx)).checked, 4);
    });

    it('finds an edited row', async () => {
      await tamper(t, `update audit_log set actor_role = 'admin' where seq = 2`);
      const result = await verifyAuditLog(t.ctx);
      assert.equal(result.ok, false);
      assert.deepEqual([result.first_break?.seq, result.first_break?.problem], [2, 'hash_mismatch']);
      assert.equal(result.checked, 1);
    });

    it('finds a deleted row', async () => {
      await tamper(t, 'delete from audit_log where seq = 2');
      const result = await verifyAuditLog(t.ctx);
      assert.deepEqual([result.first_break?.seq, result.first_break?.problem], [2, 'gap']);
    });

    it('finds a deleted last row only by the head hash, and a deleted row renumbered away by the chain', async () => {
      await tamper(t, 'delete from audit_log where seq = 2; update audit_log set seq = seq - 1 where seq > 2');
      const result = await verifyAuditLog(t.ctx);
      assert.deepEqual([result.first_break?.seq, result.first_break?.problem], [2, 'prev_mismatch']);
    });

    it('finds an inserted row, even one chained with a plain hash', async () => {
      const last = await t.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '=', 4)
        .executeTakeFirstOrThrow();
      const forged = { ...last, seq: 5, action: 'subjects:delete', prev_hash: last.hash };
      const hash = createHash('sha256').update(canonicalAuditContent(forged)).digest('hex');
      await tamper(
        t,
        `insert into audit_log (seq, at, actor_role, action, outcome, prev_hash, hash)
         values (5, '${forged.at}', '${forged.actor_role}', 'subjects:delete', 'ok', '${last.hash}', '${hash}')`,
      );
      const result = await verifyAuditLog(t.ctx);
      assert.deepEqual([result.first_break?.seq, result.first_break?.problem], [5, 'hash_mismatch']);
      await tamper(t, `update audit_log set seq = 9 where seq = 5`);
      await tamper(
        t,
        `insert into audit_log (seq, at, actor_role, action, outcome, prev_hash, hash)
         select 0, at, actor_role, action, outcome, prev_hash, hash from audit_log where seq = 1`,
      );
      const second = await verifyAuditLog(t.ctx);
      assert.deepEqual([second.first_break?.seq, second.first_break?.problem], [0, 'out_of_order']);
    });
  });
}
