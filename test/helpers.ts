import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { type AppContext, createContext } from '../src/app-context.js';
import { type Config, loadConfig } from '../src/config.js';
import { type Database, type Dialect, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createOrganisation, createUser } from '../src/accounts/accounts.service.js';
import { SYSTEM_ACTOR } from '../src/auth/actor.js';
import type { Role } from '../src/db/schema.js';
import { createSubject } from '../src/subjects/subjects.service.js';
import { subjectInput, uscc } from './factories.js';

/** The engines database tests run on: DIALECTS=sqlite,postgres (default sqlite). */
export const DIALECTS: Dialect[] = (process.env.DIALECTS ?? 'sqlite')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is Dialect => {
    if (d !== 'sqlite' && d !== 'postgres') throw new Error(`unknown dialect in DIALECTS: ${d}`);
    return true;
  });

/** The PostgreSQL server tests create their throw-away databases on. */
export const TEST_PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Tests chain their audit logs with this key rather than a key file. */
export const TEST_AUDIT_KEY = 'xinyong-test-audit-key-0123456789abcdef';

export interface TestDatabase {
  database: Database;
  ctx: AppContext;
  drop(): Promise<void>;
}

/** A fresh, migrated database: in-memory SQLite, or a new PostgreSQL database dropped afterwards. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const config = loadConfig({ AUDIT_KEY: TEST_AUDIT_KEY });
  if (dialect === 'sqlite') {
    const database = openDatabase('sqlite::memory:');
    await migrateToLatest(database);
    return { database, ctx: createContext(database, config), drop: () => database.destroy() };
  }
  const name = `xinyong_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(
    `create database ${name} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`,
  );
  await admin.end();
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  const database = openDatabase(url.toString());
  await migrateToLatest(database);
  return {
    database,
    ctx: createContext(database, config),
    drop: async () => {
      await database.destroy();
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestApp extends TestDatabase {
  app: FastifyInstance;
}

export async function createTestApp(dialect: Dialect, config: Partial<Config> = {}): Promise<TestApp> {
  const test = await createTestDatabase(dialect);
  const app = await buildApp({
    database: test.database,
    migrate: false,
    logger: false,
    checkResponses: true,
    // Tests sign in far more often than a person could; the limit has its own test.
    config: { AUDIT_KEY: TEST_AUDIT_KEY, RATE_LIMIT_LOGIN: 1000, ...config },
  });
  return {
    ...test,
    app,
    drop: async () => {
      await app.close();
      await test.drop();
    },
  };
}

const PASSWORD = 'correct-horse-battery';

/**
 * Signs in as a new account of the role (with the organisation or subject it needs) and returns
 * the cookie header to send.
 */
export async function signIn(t: TestApp, role: Role, username = `${role.replace('_', '-')}-user`): Promise<string> {
  let org_id: number | undefined;
  let subject_id: number | undefined;
  if (role === 'department' || role === 'association') {
    org_id = (await createOrganisation(t.ctx, SYSTEM_ACTOR, { name: `${role} org`, kind: role })).id;
  }
  if (role === 'subject_user') {
    const subject = await t.ctx.database.db.selectFrom('subjects').select('id').limit(1).executeTakeFirst();
    subject_id =
      subject?.id ??
      (await createSubject(t.ctx, { ...subjectInput({ code: uscc(9999), name: '自助企业有限公司' }) }, SYSTEM_ACTOR))
        .id;
  }
  await createUser(t.ctx, SYSTEM_ACTOR, {
    username,
    display_name: username,
    password: PASSWORD,
    role,
    org_id,
    subject_id,
  });
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'xy_session');
  if (!cookie) throw new Error('no session cookie');
  return `xy_session=${cookie.value}`;
}
