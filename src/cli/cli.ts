import { createInterface } from 'node:readline';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { buildApp } from '../app.js';
import { createContext } from '../app-context.js';
import { CreateUserBody } from '../accounts/accounts.schemas.js';
import { createUser } from '../accounts/accounts.service.js';
import { verifyAuditLog } from '../audit/audit.service.js';
import { ROLES } from '../db/schema.js';
import { AppError } from '../errors.js';
import { checkCode } from '../codes/check-code.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { ensureDemoAccounts } from '../demo/demo-accounts.js';
import { demoSubjects } from '../demo/demo-registry.js';
import { importSubjects } from '../subjects/subjects.service.js';
import { SYSTEM_ACTOR } from '../auth/actor.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return n;
}

/** A progress bar on stderr that stays silent when stderr is not a terminal (CI, pipes). */
export function progressBar(total: number, label: string): { update(n: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% {value}/{total} {rate}/s eta {eta_formatted}`,
    stream: process.stderr,
    hideCursor: true,
  });
  const started = Date.now();
  bar.start(total, 0, { rate: 0 });
  return {
    update(n) {
      bar.update(n, { rate: Math.round(n / Math.max((Date.now() - started) / 1000, 0.001)) });
    },
    stop() {
      bar.stop();
    },
  };
}

async function serve(options: { host?: string; port?: number }) {
  const config = loadConfig();
  const app = await buildApp({ config: { ...(options.host ? { HOST: options.host } : {}) } });
  const host = options.host ?? config.HOST;
  const port = options.port ?? config.PORT;
  await app.listen({ host, port });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  process.stdout.write(`Xinyong is running at http://${shown}:${actualPort}/ (API docs at /docs)\n`);
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

async function loadDemo(count: number, seed: number) {
  const config = loadConfig();
  const database = openDatabase(config.DATABASE_URL);
  try {
    await migrateToLatest(database);
    const bar = progressBar(count, 'subjects');
    const started = performance.now();
    const inputs = [...demoSubjects(count, seed)];
    const ctx = createContext(database, config);
    const result = await importSubjects(ctx, SYSTEM_ACTOR, inputs, {
      onProgress: (n) => {
        bar.update(n);
      },
    });
    bar.stop();
    const seconds = (performance.now() - started) / 1000;
    const skipped = result.errors.filter((e) => e.code === 'duplicate_code').length;
    const failed = result.errors.length - skipped;
    process.stdout.write(
      `demo registry: ${result.inserted} subjects added, ${skipped} already present, ${failed} rejected ` +
        `in ${seconds.toFixed(1)} s (${Math.round(count / seconds)} subjects/s)\n`,
    );
    for (const e of result.errors.filter((x) => x.code !== 'duplicate_code').slice(0, 10)) {
      process.stderr.write(`row ${e.row}: ${e.field ?? ''} ${e.message}\n`);
    }
    const logins = await ensureDemoAccounts(ctx);
    process.stdout.write(
      `demo accounts (demo databases only): ${logins.map((l) => `${l.username} / ${l.password}`).join(', ')}\n`,
    );
    if (failed > 0) process.exitCode = 1;
  } finally {
    await database.destroy();
  }
}

async function checkCodes(codes: string[]) {
  const write = (code: string) => process.stdout.write(`${JSON.stringify(checkCode(code))}\n`);
  if (codes.length > 0) {
    for (const code of codes) write(code);
    return;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) if (line.trim() !== '') write(line.trim());
}

export function buildCli(): Command {
  const program = new Command()
    .name('xinyong')
    .description(
      'Xinyong (信用) credit information platform.\nDatabase: DATABASE_URL (default sqlite:./data/xinyong.db)',
    )
    .showHelpAfterError();

  program
    .command('serve')
    .description('start the web server (HOST, PORT from the environment unless given)')
    .option('--host <host>', 'address to listen on')
    .option('--port <port>', 'port to listen on', positiveInt)
    .action(serve);

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      const database = openDatabase(loadConfig().DATABASE_URL);
      try {
        const result = await migrateToLatest(database);
        const applied = result.results ?? [];
        process.stdout.write(
          applied.length === 0
            ? 'database is up to date\n'
            : applied.map((r) => `applied ${r.migrationName}\n`).join(''),
        );
      } finally {
        await database.destroy();
      }
    });

  program
    .command('demo')
    .description('load a deterministic synthetic registry (codes pass every check; names are invented)')
    .option('--subjects <n>', 'how many subjects', positiveInt, 20_000)
    .option('--seed <n>', 'random seed', positiveInt, 20_141_001)
    .option('--serve', 'start the web server afterwards')
    .action(async (options: { subjects: number; seed: number; serve?: boolean }) => {
      await loadDemo(options.subjects, options.seed);
      if (options.serve) await serve({});
    });

  const user = program.command('user').description('accounts');
  user
    .command('create')
    .description('create an account; the password is read from the first line of stdin')
    .requiredOption('--username <name>', 'account name (3–64 of a-z 0-9 . _ -)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--display-name <name>', 'name shown in the UI (default: the username)')
    .option('--org-id <id>', 'organisation (department and association accounts)', positiveInt)
    .option('--subject-id <id>', 'the subject a subject_user speaks for', positiveInt)
    .action(
      async (options: { username: string; role: string; displayName?: string; orgId?: number; subjectId?: number }) => {
        if (process.stdin.isTTY) process.stderr.write('password (shown as you type; pipe it in to hide it): ');
        const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
        let password = '';
        for await (const line of lines) {
          password = line;
          break;
        }
        lines.close();
        const input = CreateUserBody.safeParse({
          username: options.username,
          display_name: options.displayName ?? options.username,
          password,
          role: options.role,
          org_id: options.orgId,
          subject_id: options.subjectId,
        });
        if (!input.success) {
          throw new Error(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        }
        const config = loadConfig();
        const database = openDatabase(config.DATABASE_URL);
        try {
          await migrateToLatest(database);
          const created = await createUser(createContext(database, config), SYSTEM_ACTOR, input.data);
          process.stdout.write(`created ${created.role} account ${created.username} (id ${created.id})\n`);
        } catch (error) {
          if (error instanceof AppError)
            throw new Error(error.details.map((d) => d.message).join('; ') || error.message);
          throw error;
        } finally {
          await database.destroy();
        }
      },
    );

  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description('recompute the hash chain and report the first broken link (exit 1 when broken)')
    .action(async () => {
      const config = loadConfig();
      const database = openDatabase(config.DATABASE_URL);
      try {
        await migrateToLatest(database);
        const bar = progressBar(0, 'rows');
        const result = await verifyAuditLog(createContext(database, config), {
          onProgress: (n) => {
            bar.update(n);
          },
        });
        bar.stop();
        if (result.ok) {
          process.stdout.write(`audit log intact: ${result.checked} rows, head ${result.head_hash}\n`);
        } else {
          const b = result.first_break;
          process.stdout.write(
            `audit log BROKEN at row ${b?.seq ?? '?'} (${b?.problem ?? '?'}): ${b?.message ?? ''}; ${result.checked} rows before it are intact\n`,
          );
          process.exitCode = 1;
        }
      } finally {
        await database.destroy();
      }
    });

  program
    .command('check-code')
    .description('check USCCs and citizen IDs; one JSON result a line (codes from stdin when none are given)')
    .argument('[codes...]', 'codes to check')
    .action(checkCodes);

  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    process.stderr.write(`xinyong: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
