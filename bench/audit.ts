// Cost of auditing: the same writes and personal-data reads with the audit row (as the platform
// does them) and without it (the repository call alone), in one run, on one database.
//   npm run bench:audit -- [--dialect sqlite|postgres] [--ops 3000] [--http-seconds 6]
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { createOrganisation, createUser } from '../src/accounts/accounts.service.js';
import { buildApp } from '../src/app.js';
import { createContext } from '../src/app-context.js';
import { verifyAuditLog } from '../src/audit/audit.service.js';
import { SYSTEM_ACTOR } from '../src/auth/actor.js';
import { loadConfig } from '../src/config.js';
import { readPersonalData, recordConsent } from '../src/consents/consents.service.js';
import type { Dialect } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { openBenchDatabase } from './bench-database.js';
import { demoSubjects } from '../src/demo/demo-registry.js';
import { getSubjectRow, importSubjects, updateSubject } from '../src/subjects/subjects.service.js';
import { updateSubject as updateSubjectRow } from '../src/subjects/subjects.repository.js';

const { values: args } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    subjects: { type: 'string', default: '20000' },
    ops: { type: 'string', default: '3000' },
    'http-seconds': { type: 'string', default: '6' },
  },
});
const OPS = Number(args.ops);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function rate(label: string, run: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 100; i++) await run(i);
  const start = performance.now();
  for (let i = 0; i < OPS; i++) await run(i);
  const perSecond = OPS / ((performance.now() - start) / 1000);
  return perSecond;
}

const { database, url, cleanup } = await openBenchDatabase(args.dialect as Dialect);
const tmp = mkdtempSync(join(tmpdir(), 'xinyong-audit-http-'));
try {
  await migrateToLatest(database);
  const ctx = createContext(database, loadConfig({ DATABASE_URL: url, AUDIT_KEY: randomBytes(32).toString('hex') }));
  const inputs = [...demoSubjects(Number(args.subjects))];
  await importSubjects(ctx, SYSTEM_ACTOR, inputs);
  const codes = inputs.map((s) => (s as { code: string }).code);
  const person = inputs.find((s) => (s as { kind: string }).kind === 'natural_person') as { code: string };
  const org = await createOrganisation(ctx, SYSTEM_ACTOR, { name: '基准测试部门', kind: 'department' });
  const reader = { ...SYSTEM_ACTOR, role: 'department', orgId: org.id };
  await recordConsent(ctx, reader, person.code, {
    purpose: 'credit_check',
    evidence: 'bench',
    expires_at: '2099-01-01',
  });
  const personRow = await getSubjectRow(ctx, person.code);

  console.log(`Audit cost on ${args.dialect}, ${fmt(inputs.length)} subjects, ${fmt(OPS)} operations each`);
  const statuses = ['operating', 'suspended'] as const;
  const withAudit = await rate('update', (i) =>
    updateSubject(ctx, codes[i % codes.length] ?? '', { status: statuses[i % 2] ?? 'operating' }, SYSTEM_ACTOR),
  );
  const rows = await Promise.all(codes.slice(0, 200).map((c) => getSubjectRow(ctx, c)));
  const withoutAudit = await rate('update', (i) =>
    database.db
      .transaction()
      .execute((trx) =>
        updateSubjectRow(database, trx, rows[i % rows.length]?.id ?? 1, { status: statuses[i % 2] ?? 'operating' }),
      ),
  );
  console.log(
    `subject update, ops/s: with audit ${fmt(withAudit)}, without ${fmt(withoutAudit)} (${((1 - withAudit / withoutAudit) * 100).toFixed(0)} % cost)`,
  );
  const readWith = await rate('read', () => readPersonalData(ctx, reader, person.code, 'credit_check'));
  const readWithout = await rate('read', async () => {
    await getSubjectRow(ctx, person.code);
    return personRow;
  });
  console.log(
    `personal-data read, ops/s: with consent check and audit ${fmt(readWith)}, plain read ${fmt(readWithout)}`,
  );

  // Over HTTP: a signed-in department reading the person (audited) against the public read of
  // the same subject (not audited), same server, same client.
  await createUser(ctx, SYSTEM_ACTOR, {
    username: 'bench-dept',
    display_name: 'b',
    password: 'bench-dept-pass',
    role: 'department',
    org_id: org.id,
  });
  const app = await buildApp({
    database,
    migrate: false,
    logger: false,
    config: { AUDIT_KEY: ctx.auditKey.toString('utf8'), RATE_LIMIT_LOGIN: 100 },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench-dept', password: 'bench-dept-pass' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const load = async (path: string, headers: string) => {
    const file = join(tmp, `${randomBytes(3).toString('hex')}.txt`);
    writeFileSync(file, path);
    const { stdout } = await promisify(execFile)(process.execPath, [
      new URL('./http-load.mjs', import.meta.url).pathname,
      base,
      file,
      args['http-seconds'],
      '16',
      headers,
    ]);
    return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { requests_per_second: number; non2xx: number };
  };
  const audited = await load(
    `/api/v1/subjects/${personRow.id}/personal?purpose=credit_check`,
    JSON.stringify({ cookie }),
  );
  const plain = await load(`/api/v1/subjects/${personRow.id}`, JSON.stringify({ cookie }));
  await app.close();
  console.log(
    `HTTP, req/s: audited personal read ${fmt(audited.requests_per_second)} (non-2xx ${audited.non2xx}), public read of the same subject ${fmt(plain.requests_per_second)}`,
  );
  const check = await verifyAuditLog(ctx);
  console.log(`audit log afterwards: ${fmt(check.checked)} rows, chain ${check.ok ? 'intact' : 'BROKEN'}`);
} finally {
  await database.destroy();
  await cleanup();
  rmSync(tmp, { recursive: true, force: true });
}
