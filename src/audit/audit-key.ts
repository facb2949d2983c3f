import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../config.js';

const cache = new Map<string, Buffer>();

/**
 * The key that chains the audit log: AUDIT_KEY, or else the key file (created with a random key,
 * readable by the owner only, on first use). It must not live in the database it protects.
 */
export function loadAuditKey(config: Pick<Config, 'AUDIT_KEY' | 'AUDIT_KEY_FILE'>): Buffer {
  if (config.AUDIT_KEY) return Buffer.from(config.AUDIT_KEY, 'utf8');
  const path = config.AUDIT_KEY_FILE;
  let key = cache.get(path);
  if (!key) {
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    }
    key = Buffer.from(readFileSync(path, 'utf8').trim(), 'utf8');
    if (key.length < 32) throw new Error(`the audit key in ${path} is shorter than 32 characters`);
    cache.set(path, key);
  }
  return key;
}
