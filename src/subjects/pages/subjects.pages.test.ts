import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { citizenId, subjectInput, uscc } from '../../../test/factories.js';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/helpers.js';
import { importSubjects } from '../subjects.service.js';
import { SYSTEM_ACTOR } from '../../auth/actor.js';

for (const dialect of DIALECTS) {
  describe(`web pages on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
      const rows = Array.from({ length: 45 }, (_, i) =>
        subjectInput({ code: uscc(i + 1), name: `杭州恒瑞${String(i + 1).padStart(2, '0')}号科技有限公司` }),
      );
      rows.push(subjectInput({ code: citizenId(), name: '李明', kind: 'natural_person' }));
      await importSubjects(t.ctx, SYSTEM_ACTOR, rows);
    });
    after(async () => t.drop());

    it('renders the home page in Chinese with the registry size', async () => {
      const r = await t.app.inject('/');
      assert.equal(r.statusCode, 200);
      assert.match(r.headers['content-type'] as string, /text\/html/);
      assert.match(r.body, /<html lang="zh-CN">/);
      assert.match(r.body, /已收录信用主体 46 个/);
    });

    it('switches to English and remembers it in a cookie', async () => {
      const r = await t.app.inject('/?lang=en');
      assert.match(r.body, /<html lang="en">/);
      assert.match(r.body, /46 credit subjects registered/);
      const cookie = r.cookies.find((c) => c.name === 'lang');
      assert.equal(cookie?.value, 'en');
      const next = await t.app.inject({ url: '/search?q=hr', cookies: { lang: 'en' } });
      assert.match(next.body, /45 results/);
    });

    it('lists results with highlighting and pages through them', async () => {
      const first = await t.app.inject('/search?q=%E6%81%92%E7%91%9E');
      assert.equal(first.statusCode, 200);
      assert.match(first.body, /找到 45 条结果/);
      assert.match(first.body, /杭州<mark>恒瑞<\/mark>01号科技有限公司/);
      assert.match(first.body, /第 1 \/ 3 页/);
      const third = await t.app.inject('/search?q=%E6%81%92%E7%91%9E&page=3');
      assert.match(third.body, /杭州<mark>恒瑞<\/mark>45号科技有限公司/);
      assert.doesNotMatch(third.body, /rel="next"/);
    });

    it('says so when nothing matches, and shows input errors on the page', async () => {
      const none = await t.app.inject('/search?q=%E4%B8%8D%E5%AD%98%E5%9C%A8');
      assert.match(none.body, /未找到与“不存在”相关的信用主体/);
      const bad = await t.app.inject(`/search?q=${'恒'.repeat(101)}`);
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /class="alert"/);
      const empty = await t.app.inject('/search?q=');
      assert.equal(empty.statusCode, 302);
    });

    it('shows a profile with the code taken apart, and masks a person', async () => {
      const r = await t.app.inject(`/subjects/${uscc(1)}`);
      assert.equal(r.statusCode, 200);
      assert.match(r.body, /杭州恒瑞01号科技有限公司/);
      assert.match(r.body, /市场监督管理/);
      assert.match(r.body, /浙江省杭州市西湖区/);
      const list = await t.app.inject('/search?q=%E6%9D%8E%E6%98%8E');
      assert.doesNotMatch(list.body, new RegExp(citizenId()));
      const href = /href="\/subjects\/(\d+)"/.exec(list.body)?.[1];
      assert.ok(href, 'a person is linked by id, never by citizen ID');
      const person = await t.app.inject(`/subjects/${href}`);
      assert.match(person.body, /110105\*{8}/);
      assert.doesNotMatch(person.body, new RegExp(citizenId()));
    });

    it('answers unknown pages and subjects with a 404 page', async () => {
      const missing = await t.app.inject(`/subjects/${uscc(999)}`);
      assert.equal(missing.statusCode, 404);
      assert.match(missing.body, /页面或主体不存在/);
      const nowhere = await t.app.inject('/nowhere');
      assert.equal(nowhere.statusCode, 404);
      assert.match(nowhere.headers['content-type'] as string, /text\/html/);
    });

    it('serves its stylesheet and sets security headers', async () => {
      const css = await t.app.inject('/static/app.css');
      assert.equal(css.statusCode, 200);
      const home = await t.app.inject('/');
      assert.ok(home.headers['content-security-policy']);
      assert.equal(home.headers['x-content-type-options'], 'nosniff');
    });
  });
}
