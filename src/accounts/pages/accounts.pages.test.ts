import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/helpers.js';
import { SYSTEM_ACTOR } from '../../auth/actor.js';
import { createUser } from '../accounts.service.js';

const PASSWORD = 'correct-horse-battery';

for (const dialect of DIALECTS) {
  describe(`account pages on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
      await createUser(t.ctx, SYSTEM_ACTOR, {
        username: 'web-ops',
        display_name: '网页运营',
        password: PASSWORD,
        role: 'operator',
      });
    });
    after(async () => t.drop());

    /** A browser's cookie jar, enough for these pages. */
    function jar() {
      const cookies = new Map<string, string>();
      return {
        header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        take(response: { cookies: { name: string; value: string }[] }) {
          for (const c of response.cookies) {
            if (c.value === '') cookies.delete(c.name);
            else cookies.set(c.name, c.value);
          }
        },
      };
    }
    const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

    it('signs in through the form, shows the account, and signs out', async () => {
      const browser = jar();
      const form = await t.app.inject({ url: '/login?next=/account' });
      browser.take(form);
      assert.match(form.body, /<h1>登录<\/h1>/);
      const posted = await t.app.inject({
        method: 'POST',
        url: '/login',
        headers: { cookie: browser.header(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          _csrf: csrfOf(form.body),
          next: '/account',
          username: 'web-ops',
          password: PASSWORD,
        }).toString(),
      });
      assert.equal(posted.statusCode, 303, posted.body);
      assert.equal(posted.headers.location, '/account');
      browser.take(posted);
      const account = await t.app.inject({ url: '/account', headers: { cookie: browser.header() } });
      assert.match(account.body, /网页运营/);
      assert.match(account.body, /平台运营/);
      assert.match(account.body, />web-ops<\/a>/);
      const out = await t.app.inject({
        method: 'POST',
        url: '/logout',
        headers: { cookie: browser.header(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${csrfOf(account.body)}`,
      });
      assert.equal(out.statusCode, 303);
      browser.take(out);
      const again = await t.app.inject({ url: '/account', headers: { cookie: browser.header() } });
      assert.equal(again.statusCode, 303);
      assert.equal(again.headers.location, '/login?next=%2Faccount');
    });

    it('refuses a form without its CSRF token, and a wrong password, on the page', async () => {
      const browser = jar();
      const form = await t.app.inject({ url: '/login' });
      browser.take(form);
      const forged = await t.app.inject({
        method: 'POST',
        url: '/login',
        headers: { cookie: browser.header(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'username=web-ops&password=correct-horse-battery&_csrf=guess',
      });
      assert.equal(forged.statusCode, 403);
      assert.match(forged.body, /表单已过期/);
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/login',
        headers: { cookie: browser.header(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: `username=web-ops&password=wrong-password&_csrf=${csrfOf(form.body)}`,
      });
      assert.equal(wrong.statusCode, 401);
      assert.match(wrong.body, /wrong username or password/);
    });

    it('never sends a signed-in user to another site', async () => {
      const form = await t.app.inject({ url: '/login?next=//evil.example/' });
      assert.match(form.body, /name="next" value="\/account"/);
    });
  });
}
