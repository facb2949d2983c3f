import { createHash, createHmac } from 'node:crypto';
import type { AuditLogTable } from '../db/schema.js';

/** The prev_hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditContent = Omit<AuditLogTable, 'hash'>;

/** The fields a row's hash covers, in a fixed order (seq included, so rows cannot be reordered). */
export const CHAINED_FIELDS = [
  'seq',
  'at',
  'actor_id',
  'actor_role',
  'org_id',
  'api_key_id',
  'ip',
  'request_id',
  'action',
  'target_type',
  'target_id',
  'purpose',
  'outcome',
  'before_digest',
  'after_digest',
  'prev_hash',
] as const satisfies readonly (keyof AuditContent)[];

export function canonicalAuditContent(row: AuditContent): string {
  return JSON.stringify(CHAINED_FIELDS.map((f) => row[f] ?? null));
}

/**
 * A row's hash: HMAC-SHA256 under the audit key of its canonical content, which includes the
 * previous row's hash. The key lives outside the database, so whoever can write SQL can neither
 * forge a row nor re-chain the rows after one they changed.
 */
export function auditHash(key: Buffer, row: AuditContent): string {
  return createHmac('sha256', key).update(canonicalAuditContent(row)).digest('hex');
}

/** SHA-256 of the canonical JSON of a value (object keys sorted), for before/after digests. */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export type ChainProblem =
  | 'gap' // a seq is missing: a row was deleted
  | 'out_of_order' // a seq repeats or goes back: a row was inserted
  | 'prev_mismatch' // prev_hash is not the previous row's hash: a row was deleted or inserted
  | 'hash_mismatch'; // the content does not give the stored hash: the row was edited or forged

export interface ChainBreak {
  seq: number;
  problem: ChainProblem;
  message: string;
}

/** Checks rows in seq order, carrying state across calls so that the log can be read in pages. */
export class AuditChainVerifier {
  private expectedSeq = 1;
  private previousHash = GENESIS_HASH;
  checked = 0;
  firstBreak: ChainBreak | null = null;

  constructor(private readonly key: Buffer) {}

  /** Returns false once a break is found (later rows are not checked). */
  check(rows: AuditLogTable[]): boolean {
    for (const row of rows) {
      if (this.firstBreak) return false;
      const seq = row.seq;
      if (seq !== this.expectedSeq) {
        this.firstBreak =
          seq > this.expectedSeq
            ? { seq: this.expectedSeq, problem: 'gap', message: `rows ${this.expectedSeq}…${seq - 1} are missing` }
            : { seq, problem: 'out_of_order', message: `row ${seq} comes after row ${this.expectedSeq - 1}` };
        return false;
      }
      if (row.prev_hash !== this.previousHash) {
        this.firstBreak = {
          seq,
          problem: 'prev_mismatch',
          message: `row ${seq} does not follow the hash of row ${seq - 1}`,
        };
        return false;
      }
      if (auditHash(this.key, row) !== row.hash) {
        this.firstBreak = { seq, problem: 'hash_mismatch', message: `row ${seq} was changed after it was written` };
        return false;
      }
      this.previousHash = row.hash;
      this.expectedSeq = seq + 1;
      this.checked++;
    }
    return true;
  }

  get headHash(): string {
    return this.previousHash;
  }
}
