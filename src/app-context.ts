import { loadAuditKey } from './audit/audit-key.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';

/** What domain functions get: the database, the configuration and the audit key. */
export interface AppContext {
  database: Database;
  config: Config;
  /** Chains the audit log (see audit/audit-key.ts). */
  auditKey: Buffer;
}

export function createContext(database: Database, config: Config): AppContext {
  return { database, config, auditKey: loadAuditKey(config) };
}
