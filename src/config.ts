import { z } from 'zod';

const ConfigSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'must be sqlite:PATH or postgres://…')
    .default('sqlite:./data/xinyong.db'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Log one line per request (costs about a third of the throughput of the cheapest routes). */
  LOG_REQUESTS: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /** Key of the audit log's hash chain (32+ characters); when unset, AUDIT_KEY_FILE holds it. */
  AUDIT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  AUDIT_KEY_FILE: z.string().min(1).default('./data/audit.key'),
  /** Sign-in attempts allowed per client address per minute. */
  RATE_LIMIT_LOGIN: z.coerce.number().int().min(1).default(10),
  /** Searches allowed per client address per minute. */
  RATE_LIMIT_SEARCH: z.coerce.number().int().min(1).default(300),
  /** Name searches rank at most this many matches; past it the total is reported as a lower bound. */
  SEARCH_MAX_CANDIDATES: z.coerce.number().int().min(20).max(100_000).default(500),
});

export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
