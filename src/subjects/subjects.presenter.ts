import { maskCitizenId } from '../codes/citizen-id.js';
import { divisionFullName, lookupDivision } from '../codes/divisions.js';
import { canSee, type DisclosureViewer, type Level } from '../disclosure/disclosure.js';
import type { SubjectRow } from './subjects.repository.js';
import type { SubjectViewType } from './subjects.schemas.js';

/** The disclosure level of the subject's fields that are not public. */
export function fieldLevels(row: SubjectRow): Partial<Record<'code' | 'address', Level>> {
  // A natural person's citizen ID and address are personal data: only with consent.
  return row.code_type === 'citizen_id' ? { code: 'authorized', address: 'authorized' } : {};
}

/** A subject as the viewer may see it: the public sees a person's masked ID and no address. */
export function presentSubject(row: SubjectRow, viewer: DisclosureViewer): SubjectViewType {
  const levels = fieldLevels(row);
  const visible = (field: 'code' | 'address') => canSee(viewer, levels[field] ?? 'public', { subjectId: row.id });
  const codeVisible = visible('code');
  return {
    id: row.id,
    code: codeVisible ? row.code : maskCitizenId(row.code),
    code_type: row.code_type,
    code_masked: !codeVisible,
    kind: row.kind,
    name: row.name,
    former_names: JSON.parse(row.former_names) as string[],
    legal_representative: row.legal_representative,
    status: row.status as SubjectViewType['status'],
    registered_date: row.registered_date,
    registered_capital: row.registered_capital,
    address: visible('address') ? row.address : null,
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

export { PUBLIC_VIEWER } from '../disclosure/disclosure.js';
export type { DisclosureViewer as Viewer } from '../disclosure/disclosure.js';
