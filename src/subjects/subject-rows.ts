import { type CitizenIdParts, checkCitizenId } from '../codes/citizen-id.js';
import { checkCode } from '../codes/check-code.js';
import { isDivisionCode } from '../codes/divisions.js';
import { checkUscc, type UsccParts } from '../codes/uscc.js';
import type { ErrorDetail } from '../errors.js';
import { namePinyin, normalizeName } from './names.js';
import type { NewSubjectRow } from './subjects.repository.js';
import { CreateSubjectBody, type CreateSubjectInput } from './subjects.schemas.js';

// Pure: no I/O, so that worker threads can run it (see subject-rows-pool.ts).

type Kind = NewSubjectRow['kind'];

/** Turns a validated input into a row: checks the code, derives kind, division, pinyin, search text. */
export function buildSubjectRow(
  input: CreateSubjectInput,
  now: string,
): { row?: NewSubjectRow; errors: ErrorDetail[] } {
  // A declared kind says which standard the code follows; otherwise the code tells.
  const check =
    input.kind === 'natural_person'
      ? { type: 'citizen_id' as const, ...checkCitizenId(input.code) }
      : input.kind
        ? { type: 'uscc' as const, ...checkUscc(input.code) }
        : checkCode(input.code);
  if (!check.valid || !check.type) {
    return {
      errors: check.errors.map((e) => ({
        field: 'code',
        code: e.code,
        message: `code ${check.normalized}: ${e.message}`,
      })),
    };
  }
  let kind: Kind;
  let codeDivision: string;
  if (check.type === 'citizen_id') {
    if (input.kind && input.kind !== 'natural_person') {
      return { errors: [{ field: 'kind', message: `a citizen ID identifies a natural_person, not ${input.kind}` }] };
    }
    kind = 'natural_person';
    codeDivision = (check.parts as CitizenIdParts).division.code;
  } else {
    const parts = check.parts as UsccParts;
    if (input.kind && input.kind !== parts.subject_kind) {
      return {
        errors: [
          {
            field: 'kind',
            message: `USCC entity category ${parts.entity_category.code} (${parts.entity_category.name ?? '?'}) means kind ${parts.subject_kind}, not ${input.kind}`,
          },
        ],
      };
    }
    kind = parts.subject_kind;
    codeDivision = parts.division.code;
  }
  const division = input.division ?? (isDivisionCode(codeDivision) ? codeDivision : null);
  const nameNorm = normalizeName(input.name);
  const formerNorms = input.former_names.map(normalizeName);
  const py = namePinyin(input.name);
  return {
    errors: [],
    row: {
      code: check.normalized,
      code_type: check.type,
      kind,
      name: input.name,
      former_names: JSON.stringify(input.former_names),
      legal_representative: input.legal_representative,
      status: input.status,
      registered_date: input.registered_date,
      registered_capital: input.registered_capital,
      address: input.address,
      industry: input.industry,
      division,
      pinyin: py.syllables.join(' '),
      pinyin_initials: py.initials,
      name_norm: nameNorm,
      former_norm: formerNorms.join('\n'),
      created_at: now,
      updated_at: now,
    },
  };
}

export interface RowError {
  row: number;
  field?: string;
  code?: string;
  message: string;
}

export interface PreparedBatch {
  rows: NewSubjectRow[];
  /** The input row number of each prepared row. */
  rowNumbers: number[];
  errors: RowError[];
}

/** Validates raw inputs (numbered from firstRow) and builds the rows of the good ones. */
export function prepareSubjectRows(inputs: unknown[], firstRow: number, now: string): PreparedBatch {
  const batch: PreparedBatch = { rows: [], rowNumbers: [], errors: [] };
  inputs.forEach((raw, offset) => {
    const row = firstRow + offset;
    const parsed = CreateSubjectBody.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        batch.errors.push({ row, field: issue.path.join('.') || undefined, message: issue.message });
      }
      return;
    }
    const built = buildSubjectRow(parsed.data, now);
    if (!built.row) {
      for (const e of built.errors) batch.errors.push({ row, ...e });
      return;
    }
    batch.rows.push(built.row);
    batch.rowNumbers.push(row);
  });
  return batch;
}
