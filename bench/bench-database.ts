import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, type Dialect, openDatabase } from '../src/db/database.js';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A throw-away database for a benchmark: a temporary SQLite file, or a new PostgreSQL database. */
export async function openBenchDatabase(
  dialect: Dialect,
): Promise<{ database: Database; url: string; cleanup: () => Promise<void> }> {
  if (dialect === 'sqlite') {
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
