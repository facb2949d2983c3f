import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { loadConfig } from '../../src/config.js';
import { createContext } from '../../src/app-context.js';
import { TEST_AUDIT_KEY } from '../helpers.js';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { createOrganisation, createUser } from '../../src/accounts/accounts.service.js';
import { readPersonalData, recordConsent } from '../../src/consents/consents.service.js';
import { getSubjectRow } from '../../src/subjects/subjects.service.js';
import { importSubjects } from '../../src/subjects/subjects.service.js';
import { citizenId, subjectInput, uscc } from '../factories.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
// CI sets REQUIRE_BROWSER=1 so that a missing browser fails instead of skipping.
const skip = !available && process.env.REQUIRE_BROWSER !== '1' ? `no browser at ${CHROMIUM}` : false;
const SHOTS = process.env.SCREENSHOT_DIR;

describe('web pages in Chromium', { skip }, () => {
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-e2e-'));

  before(async () => {
    const database = openDatabase(`sqlite:${join(dir, 'e2e.db')}`);
    await migrateToLatest(database);
    await importSubjects(createContext(database, loadConfig({ AUDIT_KEY: TEST_AUDIT_KEY })), SYSTEM_ACTOR, [
      ...Array.from({ length: 25 }, (_, i) =>
        subjectInput({ code: uscc(i + 1), name: `杭州恒瑞${String(i + 1).padStart(2, '0')}号科技有限公司` }),
      ),
      subjectInput({ code: uscc(90), name: '温州新锦（集团）有限公司', former_names: ['温州锦绣服装有限公司'] }),
      subjectInput({ code: citizenId(), name: '李明', kind: 'natural_person' }),
    ]);
    await createUser(createContext(database, loadConfig({ AUDIT_KEY: TEST_AUDIT_KEY })), SYSTEM_ACTOR, {
      username: 'browser-admin',
      display_name: '浏览器管理员',
      password: 'browser-admin-pass',
      role: 'admin',
    });
    // A person with an own account, whose data a department read with consent.
    const ctx = createContext(database, loadConfig({ AUDIT_KEY: TEST_AUDIT_KEY }));
    const person = await getSubjectRow(ctx, citizenId());
    await createUser(ctx, SYSTEM_ACTOR, {
      username: 'li-ming',
      display_name: '李明',
      password: 'li-ming-password',
      role: 'subject_user',
      subject_id: person.id,
    });
    const org = await createOrganisation(ctx, SYSTEM_ACTOR, { name: '市住房公积金管理中心', kind: 'department' });
    const reader = { ...SYSTEM_ACTOR, role: 'department', orgId: org.id, userId: null };
    await recordConsent(ctx, reader, citizenId(), {
      purpose: 'financing',
      evidence: '授权书 7',
      expires_at: '2099-01-01',
    });
    await readPersonalData(ctx, reader, citizenId(), 'financing');
    await database.destroy();
    app = await buildApp({
      config: { DATABASE_URL: `sqlite:${join(dir, 'e2e.db')}`, AUDIT_KEY: TEST_AUDIT_KEY },
      logger: false,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const shot = async (name: string) => {
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };

  it('searches from the home page and pages through the results', async () => {
    await page.goto(`${base}/`);
    assert.equal(await page.locator('h1').textContent(), '信用信息公示平台');
    await shot('home');
    await page.fill('input[name=q]', '恒瑞');
    await page.press('input[name=q]', 'Enter');
    await page.waitForURL(/\/search\?q=/);
    assert.equal(await page.locator('.summary').textContent(), '找到 25 条结果');
    assert.equal(await page.locator('.result').count(), 20);
    assert.equal(await page.locator('.result').first().locator('mark').textContent(), '恒瑞');
    await shot('results');
    await page.click('a[rel=next]');
    assert.equal(await page.locator('.result').count(), 5);
  });

  it('finds a former name by pinyin initials and opens the profile', async () => {
    await page.goto(`${base}/search?q=${encodeURIComponent('锦绣服装')}`);
    assert.match((await page.locator('.match-note').first().textContent()) ?? '', /曾用名/);
    await page.click('.result-name');
    await page.waitForURL(/\/subjects\//);
    assert.equal(await page.locator('h1').textContent(), '温州新锦（集团）有限公司');
    assert.match((await page.locator('main').textContent()) ?? '', /市场监督管理/);
    await shot('profile');
  });

  it('filters by kind with the form', async () => {
    await page.goto(`${base}/search?q=${encodeURIComponent('李明')}`);
    await page.selectOption('select[name=kind]', 'enterprise');
    await page.click('.filters button');
    await page.waitForURL(/kind=enterprise/);
    assert.match((await page.locator('.empty').textContent()) ?? '', /未找到/);
  });

  it('signs in through the form and out again', async () => {
    await page.goto(`${base}/`);
    await page.click('a[href="/login"]');
    await page.fill('input[name=username]', 'browser-admin');
    await page.fill('input[name=password]', 'browser-admin-pass');
    await page.click('form.form button[type=submit]');
    await page.waitForURL(/\/account$/);
    assert.equal(await page.locator('h1').textContent(), '浏览器管理员');
    assert.equal(await page.locator('.nav a[href="/account"]').textContent(), 'browser-admin');
    await shot('account');
    await page.click('.nav a[href="/admin/audit"]');
    await page.click('text=校验哈希链');
    await page.waitForSelector('[data-verify="ok"]');
    assert.ok((await page.locator('table.audit tbody tr').count()) >= 2);
    await shot('audit');

    await page.click('.nav a[href="/admin/users"]');
    await page.fill('form[action="/admin/users"] input[name=username]', 'web-operator');
    await page.fill('form[action="/admin/users"] input[name=display_name]', '网页运营');
    await page.fill('form[action="/admin/users"] input[name=password]', 'web-operator-pass');
    await page.selectOption('form[action="/admin/users"] select[name=role]', 'operator');
    await page.click('form[action="/admin/users"] button');
    assert.match((await page.locator('.notice').textContent()) ?? '', /web-operator/);
    assert.equal(await page.locator('tr[data-username="web-operator"]').count(), 1);
    await page.click('tr[data-username="web-operator"] button');
    await page.waitForURL(/\/admin\/users$/);
    assert.match((await page.locator('tr[data-username="web-operator"]').textContent()) ?? '', /已停用/);

    await page.click('.nav a[href="/admin/keys"]');
    await page.fill('form[action="/admin/keys"] input[name=name]', '市场监管数据接口');
    await page.check('input[value="subjects:create"]');
    await page.check('input[value="subjects:read"]');
    await page.click('form[action="/admin/keys"] button');
    const key = (await page.locator('code.new-key').textContent()) ?? '';
    assert.match(key, /^xy_/);
    await shot('keys');
    const read = await fetch(`${base}/api/v1/subjects/${uscc(1)}`, { headers: { 'x-api-key': key } });
    assert.equal(read.status, 200);
    await page.click('table.keys button');
    await page.waitForURL(/\/admin\/keys$/);
    assert.equal(await page.locator('code.new-key').count(), 0);
    const revoked = await fetch(`${base}/api/v1/subjects/${uscc(1)}`, { headers: { 'x-api-key': key } });
    assert.equal(revoked.status, 401);

    await page.click('.nav form.inline button');
    await page.waitForURL(`${base}/`);
    assert.equal(await page.locator('.nav a[href="/login"]').count(), 1);
  });

  it('shows a person who viewed their data', async () => {
    await page.goto(`${base}/login`);
    await page.fill('input[name=username]', 'li-ming');
    await page.fill('input[name=password]', 'li-ming-password');
    await page.click('form.form button[type=submit]');
    await page.waitForURL(/\/account$/);
    const log = page.locator('.access-log');
    assert.match((await log.textContent()) ?? '', /谁查看了我的信息/);
    assert.match((await log.locator('tbody tr').first().textContent()) ?? '', /市住房公积金管理中心.*融资授信/);
    await shot('access-log');
    await page.click('.nav form.inline button');
  });

  it('switches to English and stays there', async () => {
    await page.goto(`${base}/`);
    await page.click('.lang-switch');
    assert.equal(await page.locator('h1').textContent(), 'Credit Information Platform');
    await page.fill('input[name=q]', 'hzhr');
    await page.press('input[name=q]', 'Enter');
    await page.waitForURL(/\/search/);
    assert.equal(await page.locator('.summary').textContent(), '25 results');
    await shot('results-en');
  });
});
