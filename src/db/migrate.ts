import { type Migration, type MigrationResultSet, Migrator } from 'kysely';
import type { Database } from './database.js';
import { subjectsMigration } from './migrations/20261127-0001-subjects.js';
import { auditMigration } from './migrations/20261127-0002-audit.js';
import { accountsMigration } from './migrations/20261127-0003-accounts.js';
import { consentsMigration } from './migrations/20261127-0004-consents.js';

/** The static, ordered list of migrations. Never edit one that has landed: add a new one. */
function migrations(db: Database): Record<string, Migration> {
  return {
    '20261127-0001-subjects': subjectsMigration(db.dialect),
    '20261127-0002-audit': auditMigration(db.dialect),
    '20261127-0003-accounts': accountsMigration(db.dialect),
    '20261127-0004-consents': consentsMigration(db.dialect),
  };
}

export async function migrateToLatest(database: Database): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations(database) },
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(
      `migration ${failed} failed: ${result.error instanceof Error ? result.error.message : JSON.stringify(result.error)}`,
      { cause: result.error },
    );
  }
  return result;
}
