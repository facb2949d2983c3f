import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { subjectInput, uscc } from '../../../test/factories.js';
import { createTestApp, DIALECTS, signIn, type TestApp } from '../../../test/helpers.js';
import { SYSTEM_ACTOR } from '../../auth/actor.js';
import { createSubject, updateSubject } from '../../subjects/subjects.service.js';

for (const dialect of DIALECTS) {
  describe(`audit browser on ${dialect}`, () => {
    let t: TestApp;
    let operator: string;
    let department: string;
    before(async () => {
      t = await createTestApp(dialect);
      await createSubject(t.ctx, subjectInput({ code: uscc(1), name: '杭州恒瑞科技有限公司' }), SYSTEM_ACTOR);
      await updateSubject(t.ctx, uscc(1), { status: 'revoked' }, SYSTEM_ACTOR);
      operator = await signIn(t, 'operator');
      department = await signIn(t, 'department');
    });
    after(async () => t.drop());

    it('lists the log newest first with filters and pages (API)', async () => {
      const all = await t.app.inject({ url: '/api/v1/audit?page_size=2', headers: { cookie: operator } });
      assert.equal(all.statusCode, 200, all.body);
      const body = all.json();
      assert.equal(body.items.length, 2);
      assert.equal(body.has_more, true);
      assert.ok(body.items[0].seq > body.items[1].seq);
      const updates = await t.app.inject({
        url: '/api/v1/audit?action=subjects:update',
        headers: { cookie: operator },
      });
      assert.deepEqual(
        updates.json().items.map((e: { action: string; target_id: string }) => e.action),
        ['subjects:update'],
      );
      const bad = await t.app.inject({ url: '/api/v1/audit?from=yesterday', headers: { cookie: operator } });
      assert.deepEqual([bad.statusCode, bad.json().error.details[0].field], [400, 'query.from']);
      const verify = await t.app.inject({ url: '/api/v1/audit/verify', headers: { cookie: operator } });
      assert.equal(verify.json().ok, true);
      const refused = await t.app.inject({ url: '/api/v1/audit', headers: { cookie: department } });
      assert.equal(refused.statusCode, 403);
    });

    it('shows the log and the chain check to operators, and to no one else', async () => {
      const page = await t.app.inject({ url: '/admin/audit?verify=1', headers: { cookie: operator } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /subjects:update/);
      assert.match(page.body, /data-verify="ok"/);
      const filtered = await t.app.inject({
        url: '/admin/audit?action=subjects%3Acreate',
        headers: { cookie: operator },
      });
      assert.doesNotMatch(filtered.body, /subjects:update/);
      const forbidden = await t.app.inject({ url: '/admin/audit', headers: { cookie: department } });
      assert.equal(forbidden.statusCode, 403);
      const anonymous = await t.app.inject({ url: '/admin/audit' });
      assert.equal(anonymous.statusCode, 303);
    });
  });
}
