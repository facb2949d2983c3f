import type { Generated } from 'kysely';

export interface SubjectsTable {
  id: Generated<number>;
  code: string;
  code_type: 'uscc' | 'citizen_id';
  kind: 'enterprise' | 'individual_business' | 'other_org' | 'natural_person';
  name: string;
  /** JSON array of earlier names, newest first. */
  former_names: string;
  legal_representative: string | null;
  status: string;
  registered_date: string | null;
  /** Registered capital in 万元 (10,000 CNY). */
  registered_capital: number | null;
  address: string | null;
  industry: string | null;
  division: string | null;
  /** Pinyin syllables of the name, space-separated: hang zhou heng rui. */
  pinyin: string;
  pinyin_initials: string;
  /** Normalised current name (NFKC, lower case, no spaces): exact and prefix matches. */
  name_norm: string;
  /** Normalised former names, one a line. */
  former_norm: string;
  created_at: string;
  updated_at: string;
}

export interface AuditLogTable {
  /** Position in the chain, from 1, without gaps. */
  seq: number;
  at: string;
  actor_id: number | null;
  actor_role: string;
  org_id: number | null;
  api_key_id: number | null;
  ip: string | null;
  request_id: string | null;
  /** The policy action, e.g. subjects:create. */
  action: string;
  target_type: string | null;
  target_id: string | null;
  purpose: string | null;
  outcome: 'ok' | 'denied';
  /** SHA-256 of the canonical JSON of the target before and after the write. */
  before_digest: string | null;
  after_digest: string | null;
  prev_hash: string;
  hash: string;
}

export interface DB {
  subjects: SubjectsTable;
  audit_log: AuditLogTable;
}
