import { maskCitizenId } from '../codes/citizen-id.js';
import { divisionFullName, lookupDivision } from '../codes/divisions.js';
import type { SubjectRow } from './subjects.repository.js';
import type { SubjectViewType } from './subjects.schemas.js';

/** Who is looking. Until accounts exist every caller is the public. */
export interface Viewer {
  role: 'public';
}

export const PUBLIC_VIEWER: Viewer = { role: 'public' };

/**
 * The public view of a subject. A natural person's citizen ID and address are personal data:
 * the public sees the masked ID and no address.
 */
export function presentSubject(row: SubjectRow, _viewer: Viewer): SubjectViewType {
  const person = row.code_type === 'citizen_id';
  return {
    id: row.id,
    code: person ? maskCitizenId(row.code) : row.code,
    code_type: row.code_type,
    code_masked: person,
    kind: row.kind,
    name: row.name,
    former_names: JSON.parse(row.former_names) as string[],
    legal_representative: row.legal_representative,
    status: row.status as SubjectViewType['status'],
    registered_date: row.registered_date,
    registered_capital: row.registered_capital,
    address: person ? null : row.address,
    industry: row.industry,
    division: row.division
      ? { code: row.division, name: lookupDivision(row.division).name, full_name: divisionFullName(row.division) }
      : null,
    pinyin: row.pinyin,
    pinyin_initials: row.pinyin_initials,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** The key a page links to: the USCC, or the numeric id for a person (never the citizen ID). */
export function subjectKey(view: Pick<SubjectViewType, 'id' | 'code' | 'code_type'>): string {
  return view.code_type === 'uscc' ? view.code : String(view.id);
}
