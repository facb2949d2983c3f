import { maskCitizenId } from '../codes/citizen-id.js';
import { divisionFullName, lookupDivision } from '../codes/divisions.js';
import type { SubjectRow } from './subjects.repository.js';
import type { SubjectViewType } from './subjects.schemas.js';

/**
 * What a viewer may see. Registry fields are public, except a natural person's citizen ID and
 * address (level authorized): only a reader with the person's consent and a purpose, or the
 * person's own user, gets `personal` (see consents.service.ts).
 */
export interface Viewer {
  personal: boolean;
}

export const PUBLIC_VIEWER: Viewer = { personal: false };

/** A subject as the viewer may see it: the public sees the masked ID and no address. */
export function presentSubject(row: SubjectRow, viewer: Viewer): SubjectViewType {
  const person = row.code_type === 'citizen_id' && !viewer.personal;
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
