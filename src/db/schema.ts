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

export interface DB {
  subjects: SubjectsTable;
}
