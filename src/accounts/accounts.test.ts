import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { subjectInput, uscc } from '../../test/factories.js';
import { createTestApp, DIALECTS, signIn, type TestApp } from '../../test/helpers.js';
import { SYSTEM_ACTOR } from '../auth/actor.js';
import { createUser } from './accounts.service.js';

const PASSWORD = 'correct-horse-battery';

for (const dialect of DIALECTS) {
  describe(`accounts on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    before(async () => {
      t = await createTestApp(dialect);
      admin = await signIn(t, 'admin');
    });
    after(async () => t.drop());

    const post = (url: string, payload: unknown, cookie?: string) =>
      t.app.inject({ method: 'POST', url, payload: payload as object, headers: cookie ? { cookie } : {} });
    const sessionOf = (response: Awaited<ReturnType<typeof post>>) => {
      const c = response.cookies.find((x) => x.name === 'xy_session');
      return c ? `xy_session=${c.value}` : '';
    };

    it('signs in with an HttpOnly cookie, knows who you are, and signs out', async () => {
      await createUser(t.ctx, SYSTEM_ACTOR, {
        username: 'ops1',
        display_name: '运营一',
        password: PASSWORD,
        role: 'operator',
      });
      const login = await post('/api/v1/auth/login', { username: 'ops1', password: PASSWORD });
      assert.equal(login.statusCode, 200, login.body);
      const cookie = login.cookies.find((c) => c.name === 'xy_session');
      assert.equal(cookie?.httpOnly, true);
      assert.equal(cookie?.sameSite, 'Lax');
      const me = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: sessionOf(login) } });
      assert.deepEqual([me.json().username, me.json().role], ['ops1', 'operator']);
      assert.equal(me.json().password_hash, undefined);
      const out = await post('/api/v1/auth/logout', {}, sessionOf(login));
      assert.equal(out.statusCode, 200);
      const after = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: sessionOf(login) } });
      assert.equal(after.statusCode, 401);
    });

    it('treats an expired session as none', async () => {
      const sleeper = await createUser(t.ctx, SYSTEM_ACTOR, {
        username: 'sleeper',
        display_name: 'x',
        password: PASSWORD,
        role: 'operator',
      });
      const session = sessionOf(await post('/api/v1/auth/login', { username: 'sleeper', password: PASSWORD }));
      assert.equal((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: session } })).statusCode, 200);
      await t.ctx.database.db
        .updateTable('sessions')
        .set({ expires_at: '2000-01-01T00:00:00.000Z' })
        .where('user_id', '=', sleeper.id)
        .execute();
      const expired = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: session } });
      assert.deepEqual([expired.statusCode, expired.json().error.code], [401, 'unauthenticated']);
    });

    it('treats a forged or unknown cookie as no session', async () => {
      const me = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: 'xy_session=forged-token' } });
      assert.equal(me.statusCode, 401);
      assert.equal(me.json().error.code, 'unauthenticated');
    });

    it('refuses wrong passwords alike for unknown users, locks after five, and audits refusals', async () => {
      await createUser(t.ctx, SYSTEM_ACTOR, {
        username: 'dept9',
        display_name: 'x',
        password: PASSWORD,
        role: 'admin',
      });
      const unknown = await post('/api/v1/auth/login', { username: 'nobody', password: 'whatever-123' });
      assert.deepEqual([unknown.statusCode, unknown.json().error.code], [401, 'invalid_credentials']);
      for (let i = 0; i < 5; i++) {
        const wrong = await post('/api/v1/auth/login', { username: 'dept9', password: 'wrong-password' });
        assert.equal(wrong.json().error.code, 'invalid_credentials');
      }
      const locked = await post('/api/v1/auth/login', { username: 'dept9', password: PASSWORD });
      assert.deepEqual([locked.statusCode, locked.json().error.code], [423, 'account_locked']);
      const denied = await t.ctx.database.db
        .selectFrom('audit_log')
        .select(['purpose'])
        .where('action', '=', 'auth:login')
        .where('outcome', '=', 'denied')
        .execute();
      assert.ok(denied.filter((d) => d.purpose === 'wrong password').length >= 5);
      assert.ok(denied.some((d) => d.purpose === 'unknown user'));
      assert.ok(denied.some((d) => d.purpose === 'locked'));
    });

    it('disabling an account ends its sessions and refuses its sign-in', async () => {
      const user = await createUser(t.ctx, SYSTEM_ACTOR, {
        username: 'leaver',
        display_name: 'x',
        password: PASSWORD,
        role: 'operator',
      });
      const session = sessionOf(await post('/api/v1/auth/login', { username: 'leaver', password: PASSWORD }));
      const disabled = await post(`/api/v1/users/${user.id}/disable`, {}, admin);
      assert.equal(disabled.json().disabled, true);
      assert.equal((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: session } })).statusCode, 401);
      const again = await post('/api/v1/auth/login', { username: 'leaver', password: PASSWORD });
      assert.equal(again.json().error.code, 'invalid_credentials');
    });

    it('changes a password: the old one stops working and other sessions end', async () => {
      await createUser(t.ctx, SYSTEM_ACTOR, {
        username: 'mover',
        display_name: 'x',
        password: PASSWORD,
        role: 'operator',
      });
      const first = sessionOf(await post('/api/v1/auth/login', { username: 'mover', password: PASSWORD }));
      const second = sessionOf(await post('/api/v1/auth/login', { username: 'mover', password: PASSWORD }));
      const wrong = await post(
        '/api/v1/auth/password',
        { current_password: 'nope', new_password: 'a-new-password' },
        first,
      );
      assert.deepEqual([wrong.statusCode, wrong.json().error.details[0].field], [401, 'body.current_password']);
      const short = await post('/api/v1/auth/password', { current_password: PASSWORD, new_password: 'short' }, first);
      assert.deepEqual([short.statusCode, short.json().error.details[0].field], [400, 'body.new_password']);
      const changed = await post(
        '/api/v1/auth/password',
        { current_password: PASSWORD, new_password: 'a-new-password' },
        first,
      );
      assert.equal(changed.statusCode, 200);
      assert.equal((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: first } })).statusCode, 200);
      assert.equal((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: second } })).statusCode, 401);
      assert.equal((await post('/api/v1/auth/login', { username: 'mover', password: PASSWORD })).statusCode, 401);
      assert.equal(
        (await post('/api/v1/auth/login', { username: 'mover', password: 'a-new-password' })).statusCode,
        200,
      );
    });

    it('creates accounts with the organisation their role needs, and unique names', async () => {
      const noOrg = await post(
        '/api/v1/users',
        { username: 'dept1', display_name: 'x', password: PASSWORD, role: 'department' },
        admin,
      );
      assert.deepEqual([noOrg.statusCode, noOrg.json().error.details[0].field], [400, 'body.org_id']);
      const org = await post(
        '/api/v1/organisations',
        { name: '市市场监督管理局', kind: 'department', division: '330100' },
        admin,
      );
      assert.equal(org.statusCode, 201);
      const ok = await post(
        '/api/v1/users',
        { username: 'dept1', display_name: '市场监管', password: PASSWORD, role: 'department', org_id: org.json().id },
        admin,
      );
      assert.equal(ok.statusCode, 201, ok.body);
      const taken = await post(
        '/api/v1/users',
        { username: 'dept1', display_name: 'x', password: PASSWORD, role: 'admin' },
        admin,
      );
      assert.deepEqual([taken.statusCode, taken.json().error.code], [409, 'username_taken']);
      const users = await t.app.inject({ url: '/api/v1/users', headers: { cookie: admin } });
      assert.ok(users.json().some((u: { username: string }) => u.username === 'dept1'));
    });

    it('limits sign-in attempts per address with 429 and Retry-After', async () => {
      const limited = await createTestApp(dialect, { RATE_LIMIT_LOGIN: 2 });
      try {
        const attempt = () =>
          limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x', password: 'y' } });
        assert.equal((await attempt()).statusCode, 401);
        assert.equal((await attempt()).statusCode, 401);
        const third = await attempt();
        assert.equal(third.statusCode, 429);
        assert.equal(third.json().error.code, 'rate_limited');
        assert.ok(Number(third.headers['retry-after']) > 0);
      } finally {
        await limited.drop();
      }
    });

    it('API keys: shown once, stored as a hash, limited to their scopes, revocable', async () => {
      const created = await post(
        '/api/v1/api-keys',
        { name: '数据接口', scopes: ['subjects:create', 'subjects:read'] },
        admin,
      );
      assert.equal(created.statusCode, 201, created.body);
      const key: string = created.json().key;
      assert.match(key, /^xy_/);
      const stored = await t.ctx.database.db
        .selectFrom('api_keys')
        .selectAll()
        .where('id', '=', created.json().id)
        .executeTakeFirstOrThrow();
      assert.notEqual(stored.key_hash, key);
      assert.ok(!JSON.stringify(stored).includes(key));
      const listed = await t.app.inject({ url: '/api/v1/api-keys', headers: { cookie: admin } });
      assert.ok(!listed.body.includes(key));
      const write = await t.app.inject({
        method: 'POST',
        url: '/api/v1/subjects',
        headers: { 'x-api-key': key },
        payload: subjectInput({ code: uscc(77), name: '接口写入有限公司' }),
      });
      assert.equal(write.statusCode, 201, write.body);
      const audit = await t.ctx.database.db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [audit.action, audit.actor_role, audit.api_key_id],
        ['subjects:create', 'api_key', created.json().id],
      );
      const outOfScope = await t.app.inject({ url: '/api/v1/subjects?q=a', headers: { 'x-api-key': key } });
      assert.deepEqual([outOfScope.statusCode, outOfScope.json().error.code], [403, 'forbidden']);
      const badScope = await post('/api/v1/api-keys', { name: 'x', scopes: ['users:manage'] }, admin);
      assert.deepEqual([badScope.statusCode, badScope.json().error.details[0].field], [400, 'body.scopes.0']);
      await post(`/api/v1/api-keys/${created.json().id}/revoke`, {}, admin);
      const revoked = await t.app.inject({ url: `/api/v1/subjects/${uscc(77)}`, headers: { 'x-api-key': key } });
      assert.deepEqual([revoked.statusCode, revoked.json().error.code], [401, 'unauthenticated']);
      const after = await t.app.inject({ url: '/api/v1/api-keys', headers: { cookie: admin } });
      const row = after.json().find((k: { id: number }) => k.id === created.json().id);
      assert.equal(row.revoked, true);
      assert.ok(row.last_used_at);
    });
  });
}
