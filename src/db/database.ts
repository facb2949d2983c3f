import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** The raw better-sqlite3 handle (SQLite only), for bulk paths measured against kysely. */
  sqlite?: SqliteDatabase.Database;
  /** The pg pool (PostgreSQL only). */
  pool?: pg.Pool;
  destroy(): Promise<void>;
}

// node-postgres turns int8/numeric into strings and dates into local-midnight Dates; we want
// numbers and the calendar date as written.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

/**
 * Kysely prepares every statement afresh, and on SQLite preparing costs more than running a
 * small query: keep the last few hundred prepared statements by their SQL text.
 */
function withStatementCache(sqlite: SqliteDatabase.Database) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text); // re-insert: the map's order is the order of last use
      } else {
        statement = sqlite.prepare(text);
        if (cache.size >= 500) cache.delete(cache.keys().next().value ?? '');
      }
      cache.set(text, statement);
      return statement;
    },
  };
}

export function dialectOf(url: string): Dialect {
  return url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}

export function openDatabase(url: string): Database {
  if (dialectOf(url) === 'sqlite') {
    const path = url.slice('sqlite:'.length);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const sqlite = new SqliteDatabase(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('cache_size = -131072'); // up to 128 MiB of page cache: the indexes of a large registry
    // Reads of pages outside that cache come straight from the OS cache through a memory map
    // instead of a read() each: a search that touches cold pages takes 3 ms instead of 10–20.
    sqlite.pragma('mmap_size = 4294967296');
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return { db, dialect: 'sqlite', sqlite, destroy: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server closes (restart, admin command) must not bring the process down;
  // the pool replaces it and the next query reports any real outage.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL connection closed: ${error.message}`);
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', pool, destroy: () => db.destroy() };
}

// Statements prepared on a raw connection, kept per connection: for the hot paths that bypass
// kysely (lookup by code, bulk inserts, audit appends).
const rawStatements = new WeakMap<SqliteDatabase.Database, Map<string, SqliteDatabase.Statement>>();

export function preparedStatement(handle: SqliteDatabase.Database, text: string): SqliteDatabase.Statement {
  let cache = rawStatements.get(handle);
  if (!cache) {
    cache = new Map<string, SqliteDatabase.Statement>();
    rawStatements.set(handle, cache);
  }
  let statement = cache.get(text);
  if (!statement) {
    statement = handle.prepare(text);
    cache.set(text, statement);
  }
  return statement;
}
