import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../db/database.js';
import { countSubjects } from '../subjects/subjects.repository.js';

const MAIN = new URL('../main.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'xinyong-cli-'));

function cli(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    input: options.input ?? '',
    encoding: 'utf8',
    env: {
      ...process.env,
      DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`,
      AUDIT_KEY_FILE: join(dir, 'audit.key'),
      ...options.env,
    },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('xinyong CLI', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('check-code prints one JSON result a line and exits 0 for invalid codes', () => {
    const r = cli(['check-code', '91350100M000100Y43', '12345']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, 2);
    assert.equal(lines[0].valid, true);
    assert.equal(lines[1].errors[0].code, 'length');
  });

  it('check-code reads codes from stdin, one a line', () => {
    const r = cli(['check-code'], { input: '11010519491231002X\n\n91110000600037341N\n' });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((l) => [l.type, l.valid]),
      [
        ['citizen_id', true],
        ['uscc', false],
      ],
    );
  });

  it('migrate and demo build a registry, and a second demo run adds nothing', async () => {
    const migrate = cli(['migrate']);
    assert.equal(migrate.status, 0, migrate.stderr);
    assert.match(migrate.stdout, /applied 20261127-0001-subjects/);
    assert.match(cli(['migrate']).stdout, /up to date/);
    const demo = cli(['demo', '--subjects', '500']);
    assert.equal(demo.status, 0, demo.stderr);
    assert.match(demo.stdout, /500 subjects added, 0 already present, 0 rejected/);
    assert.match(demo.stdout, /demo-admin \/ demo-admin-pass/);
    const again = cli(['demo', '--subjects', '500']);
    assert.match(again.stdout, /0 subjects added, 500 already present/);
    const database = openDatabase(`sqlite:${join(dir, 'cli.db')}`);
    assert.equal(await countSubjects(database), 500);
    await database.destroy();
  });

  it('audit verify reports an intact chain, and a broken one with exit code 1', async () => {
    const intact = cli(['audit', 'verify']);
    assert.equal(intact.status, 0, intact.stderr);
    assert.match(intact.stdout, /audit log intact: 8 rows, head [0-9a-f]{64}/);
    const database = openDatabase(`sqlite:${join(dir, 'cli.db')}`);
    database.sqlite!.exec("drop trigger audit_log_no_update; update audit_log set actor_role = 'admin' where seq = 1");
    await database.destroy();
    const broken = cli(['audit', 'verify']);
    assert.equal(broken.status, 1);
    assert.match(broken.stdout, /BROKEN at row 1 \(hash_mismatch\)/);
  });

  it('user create makes an account with the password from stdin, and refuses a short one', () => {
    const ok = cli(['user', 'create', '--username', 'root-admin', '--role', 'admin'], { input: 'a-long-password\n' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /created admin account root-admin/);
    const short = cli(['user', 'create', '--username', 'other', '--role', 'admin'], { input: 'short\n' });
    assert.notEqual(short.status, 0);
    assert.match(short.stderr, /password: must be at least 10 characters/);
    const taken = cli(['user', 'create', '--username', 'root-admin', '--role', 'admin'], {
      input: 'a-long-password\n',
    });
    assert.match(taken.stderr, /is taken/);
  });

  it('explains a bad option and a bad configuration', () => {
    const bad = cli(['demo', '--subjects', 'many']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /whole number/);
    const badUrl = cli(['migrate'], { env: { DATABASE_URL: 'mysql://x' } });
    assert.notEqual(badUrl.status, 0);
    assert.match(badUrl.stderr, /DATABASE_URL/);
  });
});
