// Subject registry benchmark: builds a registry at realistic scale and prints each figure beside a
// baseline measured in the same run.
//   npm run bench -- [--subjects 1000000] [--dialect sqlite|postgres] [--queries 300] [--http-seconds 8]
// SQLite works in a temporary file; PostgreSQL in a new database on TEST_PG_URL, dropped afterwards.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { type AppContext, createContext } from '../src/app-context.js';
import { loadConfig } from '../src/config.js';
import { type Database, type Dialect, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seededRandom } from '../src/demo/random.js';
import { demoSubjects } from '../src/demo/demo-registry.js';
import { normalizeName } from '../src/subjects/names.js';
import { prepareSubjectRows } from '../src/subjects/subject-rows.js';
import type { NewSubjectRow } from '../src/subjects/subjects.repository.js';
import { SearchSubjectsQuery } from '../src/subjects/subjects.schemas.js';
import { getSubject, importSubjects, searchSubjects } from '../src/subjects/subjects.service.js';
import { SYSTEM_ACTOR } from '../src/auth/actor.js';

const { values: args } = parseArgs({
  options: {
    subjects: { type: 'string', default: '1000000' },
    dialect: { type: 'string', default: 'sqlite' },
    queries: { type: 'string', default: '300' },
    'naive-queries': { type: 'string', default: '15' },
    lookups: { type: 'string', default: '20000' },
    'http-seconds': { type: 'string', default: '8' },
  },
});
const N = Number(args.subjects);
const DIALECT = args.dialect as Dialect;
const QUERIES = Number(args.queries);
const NAIVE = Number(args['naive-queries']);
const LOOKUPS = Number(args.lookups);
const HTTP_SECONDS = Number(args['http-seconds']);
const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
function line(label: string, value: string, baseline?: string, note = '') {
  console.log(`${label.padEnd(44)} ${value.padStart(16)}  ${(baseline ?? '').padStart(16)}  ${note}`);
}
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
async function timeEach<T>(items: T[], run: (item: T) => unknown): Promise<number[]> {
  const times: number[] = [];
  for (const item of items) {
    const start = performance.now();
    await run(item);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

async function openBenchDatabase(): Promise<{ database: Database; url: string; cleanup: () => Promise<void> }> {
  if (DIALECT === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'xinyong-bench-'));
    const url = `sqlite:${join(dir, 'bench.db')}`;
    return { database: openDatabase(url), url, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `xinyong_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(
    `create database ${name} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`,
  );
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    database: openDatabase(url.toString()),
    url: url.toString(),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

const COLUMNS = [
  'code',
  'code_type',
  'kind',
  'name',
  'former_names',
  'legal_representative',
  'status',
  'registered_date',
  'registered_capital',
  'address',
  'industry',
  'division',
  'pinyin',
  'pinyin_initials',
  'name_norm',
  'former_norm',
  'created_at',
  'updated_at',
] as const;

/** The floor: the same rows into a bare table with only the unique code index, by raw statements. */
async function rawInsert(database: Database, rows: NewSubjectRow[]): Promise<number> {
  const ddl = `create table bench_raw (id integer primary key, ${COLUMNS.map((c) => `${c} ${c === 'registered_capital' ? 'real' : 'text'}`).join(', ')})`;
  if (database.sqlite) {
    const h = database.sqlite;
    h.exec(ddl);
    h.exec('create unique index bench_raw_code on bench_raw (code)');
    const insert = h.prepare(
      `insert into bench_raw (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`,
    );
    const t0 = performance.now();
    for (let i = 0; i < rows.length; i += 50_000) {
      h.transaction(() => {
        for (const row of rows.slice(i, i + 50_000)) insert.run(COLUMNS.map((c) => row[c]));
      })();
    }
    return rows.length / ((performance.now() - t0) / 1000);
  }
  const client = await database.pool!.connect();
  try {
    await client.query(
      ddl
        .replace('id integer primary key', 'id integer generated by default as identity primary key')
        .replace(' real', ' float8'),
    );
    await client.query('create unique index bench_raw_code on bench_raw (code)');
    const t0 = performance.now();
    await client.query('begin');
    for (let i = 0; i < rows.length; i += 5000) {
      const chunk = rows.slice(i, i + 5000);
      await client.query(
        `insert into bench_raw (${COLUMNS.join(', ')}) select * from unnest(${COLUMNS.map((c, k) => `$${k + 1}::${c === 'registered_capital' ? 'float8' : 'text'}[]`).join(', ')})`,
        COLUMNS.map((c) => chunk.map((r) => r[c])),
      );
    }
    await client.query('commit');
    return rows.length / ((performance.now() - t0) / 1000);
  } finally {
    client.release();
  }
}

async function rawLookup(database: Database): Promise<(code: string) => Promise<unknown>> {
  if (database.sqlite) {
    const stmt = database.sqlite.prepare('select * from subjects where code = ?');
    return async (code) => stmt.get(code);
  }
  const pool = database.pool!;
  return async (code) =>
    (await pool.query({ name: 'raw_lookup', text: 'select * from subjects where code = $1', values: [code] })).rows[0];
}

async function naiveSearch(database: Database, q: string): Promise<void> {
  const pattern = `%${q}%`;
  await sql`select id, name from subjects where name_norm like ${pattern} or former_norm like ${pattern} or replace(pinyin, ' ', '') like ${pattern} or pinyin_initials like ${pattern} order by id limit 20`.execute(
    database.db,
  );
  await sql`select count(*) from subjects where name_norm like ${pattern} or former_norm like ${pattern} or replace(pinyin, ' ', '') like ${pattern} or pinyin_initials like ${pattern}`.execute(
    database.db,
  );
}

function sampleQueries(rows: NewSubjectRow[], random: () => number) {
  const pick = () => rows[Math.floor(random() * rows.length)]!;
  const substring = (text: string, min: number, max: number) => {
    const chars = [...text];
    const len = Math.min(chars.length, min + Math.floor(random() * (max - min + 1)));
    const at = Math.floor(random() * (chars.length - len + 1));
    return chars.slice(at, at + len).join('');
  };
  const long: string[] = [];
  const short: string[] = [];
  const initials: string[] = [];
  while (long.length < QUERIES) long.push(substring(pick().name, 3, 6));
  while (short.length < QUERIES) short.push(substring(pick().name, 1, 2));
  while (initials.length < QUERIES) {
    const s = pick().pinyin_initials;
    if (s.length >= 4) initials.push(substring(s, 3, 4));
  }
  return { long, short, initials };
}

async function httpThroughput(
  base: string,
  paths: string[],
  dir: string,
): Promise<{ requests_per_second: number; latency_p99_ms: number; non2xx: number }> {
  const file = join(dir, `paths-${randomBytes(3).toString('hex')}.txt`);
  writeFileSync(file, paths.join('\n'));
  // Asynchronously: the servers under test run in this process and must keep answering.
  const { stdout } = await promisify(execFile)(process.execPath, [
    new URL('./http-load.mjs', import.meta.url).pathname,
    base,
    file,
    String(HTTP_SECONDS),
    '16',
  ]);
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

async function main() {
  console.log(`Xinyong subject benchmark: ${fmt(N)} subjects on ${DIALECT}, ${new Date().toISOString()}`);
  console.log(`${'measure'.padEnd(44)} ${'xinyong'.padStart(16)}  ${'baseline'.padStart(16)}`);
  const { database, url, cleanup } = await openBenchDatabase();
  const config = loadConfig({ DATABASE_URL: url, AUDIT_KEY: randomBytes(32).toString('hex') });
  const ctx: AppContext = createContext(database, config);
  const tmp = mkdtempSync(join(tmpdir(), 'xinyong-bench-http-'));
  try {
    await migrateToLatest(database);
    let t = performance.now();
    let inputs: unknown[] = [...demoSubjects(N)];
    line('generate demo inputs', `${fmt((performance.now() - t) / 1000, 1)} s`);

    t = performance.now();
    const imported = await importSubjects(ctx, SYSTEM_ACTOR, inputs);
    const importRate = N / ((performance.now() - t) / 1000);
    if (imported.errors.length > 0)
      throw new Error(`import rejected ${imported.errors.length} rows: ${JSON.stringify(imported.errors[0])}`);
    let rows = prepareSubjectRows(inputs, 1, new Date().toISOString()).rows;
    inputs = [];
    const rawRate = await rawInsert(database, rows);
    line(
      'import (validate, derive, insert, index)',
      `${fmt(importRate)} /s`,
      `${fmt(rawRate)} /s`,
      'baseline: raw prepared insert, unique code index only',
    );
    await sql`drop table bench_raw`.execute(database.db);
    await sql`analyze`.execute(database.db);

    const random = seededRandom(42);
    const codes = Array.from({ length: LOOKUPS }, () => rows[Math.floor(random() * rows.length)]!.code);
    const sets = sampleQueries(rows, random);
    // Let the million input rows go before timing reads: their garbage collection is not the reads' cost.
    rows = [];
    (globalThis as { gc?: () => void }).gc?.();
    const raw = await rawLookup(database);
    // Warm both paths over every code first, so that neither pays for reading pages from disk.
    for (const code of codes) {
      await raw(code);
      await getSubject(ctx, code);
    }
    const rawTimes = await timeEach(codes, raw);
    const serviceTimes = await timeEach(codes, (code) => getSubject(ctx, code));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    line(
      'lookup by code, mean',
      `${fmt(mean(serviceTimes) * 1000, 1)} µs`,
      `${fmt(mean(rawTimes) * 1000, 1)} µs`,
      `service / raw prepared select = ${fmt(mean(serviceTimes) / mean(rawTimes), 2)}×`,
    );
    line(
      'lookup by code, p99',
      `${fmt(percentile(serviceTimes, 99) * 1000, 1)} µs`,
      `${fmt(percentile(rawTimes, 99) * 1000, 1)} µs`,
    );

    for (const [label, queries] of [
      ['search 3+ characters', sets.long],
      ['search 1–2 characters', sets.short],
      ['search pinyin initials (3–4 letters)', sets.initials],
    ] as const) {
      for (const q of queries.slice(0, 20)) await searchSubjects(ctx, SearchSubjectsQuery.parse({ q }));
      let capped = 0;
      const timed: [number, string, number][] = [];
      const times = await timeEach(queries, async (q) => {
        const start = performance.now();
        const r = await searchSubjects(ctx, SearchSubjectsQuery.parse({ q }));
        timed.push([performance.now() - start, q, r.total]);
        if (!r.total_exact) capped++;
      });
      const slowest = timed
        .sort((a, b) => b[0] - a[0])
        .slice(0, 3)
        .map(([ms, q, total]) => `${q} ${fmt(ms, 1)} ms (${total})`)
        .join(', ');
      const naive = await timeEach(queries.slice(0, NAIVE), (q) => naiveSearch(database, normalizeName(q)));
      line(
        `${label}, p50`,
        `${fmt(percentile(times, 50), 2)} ms`,
        `${fmt(percentile(naive, 50), 1)} ms`,
        'baseline: LIKE scan, page + count',
      );
      line(
        `${label}, p99`,
        `${fmt(percentile(times, 99), 2)} ms`,
        `${fmt(percentile(naive, 99), 1)} ms`,
        `${capped}/${queries.length} queries had more than ${config.SEARCH_MAX_CANDIDATES} matches; slowest: ${slowest}`,
      );
    }

    // HTTP: the app (request log off, as in a tuned deployment, and on) against a bare route.
    const bare = Fastify({ logger: false });
    bare.get('/constant', async () => ({ ok: true }));
    await bare.listen({ host: '127.0.0.1', port: 0 });
    const bareBase = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;
    const bareResult = await httpThroughput(bareBase, ['/constant'], tmp);
    await bare.close();
    const paths = codes.slice(0, 5000).map((c) => `/api/v1/subjects/${c}`);
    for (const logRequests of [false, true]) {
      const app = await buildApp({
        database,
        migrate: false,
        config: { LOG_REQUESTS: logRequests, LOG_LEVEL: 'info' },
        logStream: createWriteStream('/dev/null'),
      });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      const result = await httpThroughput(base, paths, tmp);
      await app.close();
      line(
        `HTTP lookup by code${logRequests ? ' (request log on)' : ''}`,
        `${fmt(result.requests_per_second)} req/s`,
        `${fmt(bareResult.requests_per_second)} req/s`,
        `baseline: bare fastify constant route; ratio ${fmt(result.requests_per_second / bareResult.requests_per_second, 2)}; p99 ${result.latency_p99_ms} ms; non-2xx ${result.non2xx}`,
      );
    }
  } finally {
    await database.destroy();
    await cleanup();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
