import type { Config } from './config.js';
import type { Database } from './db/database.js';

/** What domain functions get: the database and the configuration; later also the acting identity. */
export interface AppContext {
  database: Database;
  config: Config;
}
