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

export const ROLES = ['admin', 'operator', 'department', 'association', 'subject_user'] as const;
export type Role = (typeof ROLES)[number];

export interface OrganisationsTable {
  id: Generated<number>;
  name: string;
  /** department (government), association, agency (third-party credit agency), platform. */
  kind: string;
  /** The organisation's USCC. */
  code: string | null;
  division: string | null;
  created_at: string;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  /** argon2id. */
  password_hash: string;
  role: Role;
  org_id: number | null;
  /** For subject_user: the subject this account speaks for. */
  subject_id: number | null;
  disabled_at: string | null;
  failed_logins: Generated<number>;
  locked_until: string | null;
  password_changed_at: string;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the session token; the token itself lives only in the browser's cookie. */
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  /** The first characters of the key, to recognise it in lists. */
  prefix: string;
  /** SHA-256 of the key. */
  key_hash: string;
  /** JSON array of the actions the key may perform. */
  scopes: string;
  org_id: number | null;
  created_by: number | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Why someone reads a person's non-public data: a fixed list, as the credit reporting rules ask. */
export const PURPOSES = [
  'credit_check',
  'administrative_licensing',
  'law_enforcement',
  'government_procurement',
  'financing',
  'employment',
] as const;
export type Purpose = (typeof PURPOSES)[number];

export interface ConsentsTable {
  id: Generated<number>;
  subject_id: number;
  /** The organisation the consent was given to. */
  org_id: number | null;
  purpose: Purpose;
  /** How the consent was obtained (signed form number, authorisation letter…). */
  evidence: string;
  granted_at: string;
  expires_at: string;
  revoked_at: string | null;
  recorded_by: number | null;
  created_at: string;
}

export interface DB {
  subjects: SubjectsTable;
  audit_log: AuditLogTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  consents: ConsentsTable;
}
