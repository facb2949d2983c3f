import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { citizenId, subjectInput, uscc } from '../../test/factories.js';
import { createTestApp, DIALECTS, type TestApp } from '../../test/helpers.js';
import { createOrganisation, createUser } from '../accounts/accounts.service.js';
import { SYSTEM_ACTOR } from '../auth/actor.js';
import { createSubject } from '../subjects/subjects.service.js';

const PASSWORD = 'correct-horse-battery';
const PERSON = citizenId('330106', '19850312', 41);

for (const dialect of DIALECTS) {
  describe(`consent, purpose and access log on ${dialect}`, () => {
    let t: TestApp;
    const cookies: Record<string, string> = {};
    let personId = 0;
    before(async () => {
      t = await createTestApp(dialect);
      const person = await createSubject(
        t.ctx,
        subjectInput({ code: PERSON, name: '王小明', kind: 'natural_person', address: '浙江省杭州市西湖区文三路5号' }),
        SYSTEM_ACTOR,
      );
      personId = person.id;
      const other = await createSubject(t.ctx, subjectInput({ code: uscc(1), name: '别家公司' }), SYSTEM_ACTOR);
      const bank = await createOrganisation(t.ctx, SYSTEM_ACTOR, {
        name: '市人力资源和社会保障局',
        kind: 'department',
      });
      const users = [
        { username: 'hr-dept', role: 'department' as const, org_id: bank.id },
        { username: 'ops', role: 'operator' as const },
        { username: 'self', role: 'subject_user' as const, subject_id: person.id },
        { username: 'other-self', role: 'subject_user' as const, subject_id: other.id },
      ];
      for (const u of users) {
        await createUser(t.ctx, SYSTEM_ACTOR, { ...u, display_name: u.username, password: PASSWORD });
        const login = await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: u.username, password: PASSWORD },
        });
        const c = login.cookies.find((x) => x.name === 'xy_session');
        cookies[u.username] = `xy_session=${c?.value ?? ''}`;
      }
    });
    after(async () => t.drop());

    const get = (url: string, who?: string) =>
      t.app.inject({ url, headers: who ? { cookie: cookies[who] ?? '' } : {} });

    it('shows the public a masked ID and no address', async () => {
      const r = await get(`/api/v1/subjects/${PERSON}`);
      assert.equal(r.json().code, `330106********${PERSON.slice(14)}`);
      assert.equal(r.json().address, null);
      assert.equal((await get(`/api/v1/subjects/${PERSON}/personal?purpose=employment`)).statusCode, 401);
    });

    it('refuses a department without a purpose, then without consent, and audits both', async () => {
      const noPurpose = await get(`/api/v1/subjects/${PERSON}/personal`, 'hr-dept');
      assert.deepEqual([noPurpose.statusCode, noPurpose.json().error.code], [403, 'purpose_required']);
      const noConsent = await get(`/api/v1/subjects/${PERSON}/personal?purpose=employment`, 'hr-dept');
      assert.deepEqual([noConsent.statusCode, noConsent.json().error.code], [403, 'consent_required']);
      const denied = await t.ctx.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'subjects:read_personal')
        .where('outcome', '=', 'denied')
        .execute();
      assert.equal(denied.length, 2);
    });

    it('lets a department read with a consent for that purpose only', async () => {
      const past = await t.app.inject({
        method: 'POST',
        url: `/api/v1/subjects/${PERSON}/consents`,
        headers: { cookie: cookies['hr-dept'] ?? '' },
        payload: { purpose: 'employment', evidence: '授权书 2026-118', expires_at: '2020-01-01' },
      });
      assert.deepEqual([past.statusCode, past.json().error.details[0].field], [400, 'body.expires_at']);
      const recorded = await t.app.inject({
        method: 'POST',
        url: `/api/v1/subjects/${PERSON}/consents`,
        headers: { cookie: cookies['hr-dept'] ?? '' },
        payload: { purpose: 'employment', evidence: '授权书 2026-118', expires_at: '2099-12-31' },
      });
      assert.equal(recorded.statusCode, 201, recorded.body);
      const read = await get(`/api/v1/subjects/${PERSON}/personal?purpose=employment`, 'hr-dept');
      assert.equal(read.statusCode, 200, read.body);
      assert.equal(read.json().code, PERSON);
      assert.equal(read.json().address, '浙江省杭州市西湖区文三路5号');
      const otherPurpose = await get(`/api/v1/subjects/${PERSON}/personal?purpose=financing`, 'hr-dept');
      assert.equal(otherPurpose.json().error.code, 'consent_required');
    });

    it("lets a person's own user read without a purpose, and no other subject's user", async () => {
      const own = await get(`/api/v1/subjects/${PERSON}/personal`, 'self');
      assert.deepEqual([own.statusCode, own.json().code], [200, PERSON]);
      const other = await get(`/api/v1/subjects/${PERSON}/personal`, 'other-self');
      assert.equal(other.statusCode, 403);
    });

    it('shows the person who looked, when and why', async () => {
      const log = await get(`/api/v1/subjects/${personId}/access-log`, 'self');
      assert.equal(log.statusCode, 200, log.body);
      const entries = log.json<{ organisation: string | null; purpose: string | null; outcome: string }[]>();
      assert.ok(
        entries.some(
          (e) => e.organisation === '市人力资源和社会保障局' && e.purpose === 'employment' && e.outcome === 'ok',
        ),
      );
      assert.ok(entries.some((e) => e.outcome === 'denied'));
      assert.ok(entries.some((e) => e.purpose === 'self'));
      assert.equal((await get(`/api/v1/subjects/${personId}/access-log`, 'other-self')).statusCode, 403);
      assert.equal((await get(`/api/v1/subjects/${personId}/access-log`, 'ops')).statusCode, 200);
      assert.equal((await get(`/api/v1/subjects/${personId}/access-log`, 'hr-dept')).statusCode, 403);
    });

    it('shows the access history on the account page of the subject user', async () => {
      const page = await get('/account', 'self');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /谁查看了我的信息/);
      assert.match(page.body, /市人力资源和社会保障局/);
      assert.match(page.body, /人事招聘/);
      const opsPage = await get('/account', 'ops');
      assert.doesNotMatch(opsPage.body, /谁查看了我的信息/);
    });
  });
}
