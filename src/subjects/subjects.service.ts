import { availableParallelism } from 'node:os';
import type { AppContext } from '../app-context.js';
import { compactCode } from '../codes/code-result.js';
import { digestOf } from '../audit/audit-chain.js';
import { appendAudit } from '../audit/audit.repository.js';
import { auditDraft } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { AppError } from '../errors.js';
import { highlightRanges, namePinyin, normalizeName, pinyinMatches, queryCharacters } from './names.js';
import { pinyinReadings } from './pinyin-query.js';
import { PUBLIC_VIEWER, presentSubject, type Viewer } from './subjects.presenter.js';
import {
  type Candidate,
  findSubjectByCode,
  findSubjectById,
  findSubjectsByIds,
  insertSubjects,
  type SearchFilters,
  searchCandidatesByCode,
  searchBestNamePrefixes,
  searchCandidatesByText,
  type SubjectPatch,
  type SubjectRow,
  updateSubject as updateSubjectRow,
} from './subjects.repository.js';
import { buildSubjectRow, type PreparedBatch, prepareSubjectRows, type RowError } from './subject-rows.js';
import { RowBuilderPool } from './subject-rows-pool.js';
import {
  type CreateSubjectInput,
  type SearchResultType,
  type SearchSubjectsInput,
  type SubjectViewType,
  type UpdateSubjectInput,
} from './subjects.schemas.js';

/** What an audit digest of a subject covers: its stored fields, not the derived search columns. */
function subjectDigest(row: SubjectRow): string {
  const { id, code, kind, name, former_names, legal_representative, status, registered_date, registered_capital } = row;
  const { address, industry, division } = row;
  return digestOf({
    id,
    code,
    kind,
    name,
    former_names,
    legal_representative,
    status,
    registered_date,
    registered_capital,
    address,
    industry,
    division,
  });
}

export async function createSubject(
  ctx: AppContext,
  input: CreateSubjectInput,
  actor: Actor,
  viewer: Viewer = PUBLIC_VIEWER,
) {
  const { row, errors } = buildSubjectRow(input, new Date().toISOString());
  if (!row) {
    const first = errors[0];
    throw new AppError(
      first?.field === 'code' ? 'invalid_code' : 'validation_failed',
      first?.message ?? 'invalid subject',
      errors,
    );
  }
  const created = await ctx.database.db.transaction().execute(async (trx) => {
    const outcome = await insertSubjects(ctx.database, trx, [row]);
    const id = outcome.inserted.get(0);
    if (id === undefined) {
      throw new AppError('duplicate_code', `a subject with code ${row.code} is already registered`, [
        { field: 'code', message: `${row.code} is already registered` },
      ]);
    }
    const stored: SubjectRow = { ...row, id };
    await appendAudit(ctx.database, trx, ctx.auditKey, [
      auditDraft(
        actor,
        'subjects:create',
        { type: 'subject', id: String(id) },
        { after_digest: subjectDigest(stored) },
      ),
    ]);
    return stored;
  });
  return presentSubject(created, viewer);
}

export interface ImportResult {
  inserted: number;
  errors: RowError[];
}

/**
 * Registers many subjects. Every row is validated on its own; good rows are inserted in batches,
 * each batch in one transaction, and every bad or duplicate row is reported with its reason.
 * Large imports validate and derive rows (pinyin, search text) in worker threads while this
 * thread writes the previous batch.
 */
export async function importSubjects(
  ctx: AppContext,
  actor: Actor,
  inputs: unknown[],
  options: { batchSize?: number; onProgress?: (done: number) => void; firstRow?: number; workers?: number } = {},
): Promise<ImportResult> {
  const batchSize = options.batchSize ?? 50_000;
  const firstRow = options.firstRow ?? 1;
  const now = new Date().toISOString();
  const result: ImportResult = { inserted: 0, errors: [] };
  const batches: { inputs: unknown[]; firstRow: number }[] = [];
  for (let start = 0; start < inputs.length; start += batchSize) {
    batches.push({ inputs: inputs.slice(start, start + batchSize), firstRow: firstRow + start });
  }
  const workers = batches.length > 1 ? (options.workers ?? Math.max(1, availableParallelism() - 1)) : 0;
  const pool = workers > 0 ? new RowBuilderPool(workers) : null;
  const prepare = (i: number): Promise<PreparedBatch> => {
    const batch = batches[i];
    if (!batch) return Promise.resolve({ rows: [], rowNumbers: [], errors: [] });
    return pool
      ? pool.prepare(batch.inputs, batch.firstRow, now)
      : Promise.resolve(prepareSubjectRows(batch.inputs, batch.firstRow, now));
  };
  try {
    // Keep every worker busy one batch ahead of the writer.
    const ahead = Math.max(1, workers);
    const inFlight = new Map<number, Promise<PreparedBatch>>();
    let done = 0;
    for (let i = 0; i < batches.length; i++) {
      for (let j = i; j < Math.min(batches.length, i + ahead + 1); j++)
        if (!inFlight.has(j)) inFlight.set(j, prepare(j));
      const prepared = await inFlight.get(i)!;
      inFlight.delete(i);
      result.errors.push(...prepared.errors);
      // One transaction a batch: its rows and one audit row naming them (by a digest of the new
      // ids and codes) commit together.
      const outcome = await ctx.database.db.transaction().execute(async (trx) => {
        const written = await insertSubjects(ctx.database, trx, prepared.rows);
        if (written.inserted.size > 0) {
          const ids = [...written.inserted].map(([index, id]) => [id, prepared.rows[index]?.code]);
          const rowNumbers = [...written.inserted.keys()].map((index) => prepared.rowNumbers[index] ?? 0);
          await appendAudit(ctx.database, trx, ctx.auditKey, [
            auditDraft(
              actor,
              'subjects:import',
              { type: 'subject_batch', id: `rows ${Math.min(...rowNumbers)}-${Math.max(...rowNumbers)}` },
              { after_digest: digestOf(ids) },
            ),
          ]);
        }
        return written;
      });
      result.inserted += outcome.inserted.size;
      for (const index of outcome.duplicates) {
        result.errors.push({
          row: prepared.rowNumbers[index] ?? 0,
          field: 'code',
          code: 'duplicate_code',
          message: `${prepared.rows[index]?.code ?? ''} is already registered`,
        });
      }
      done += batches[i]?.inputs.length ?? 0;
      options.onProgress?.(done);
    }
  } finally {
    await pool?.close();
  }
  result.errors.sort((a, b) => a.row - b.row);
  return result;
}

/** A subject by USCC, citizen ID or numeric id. */
export async function getSubjectRow(ctx: AppContext, key: string): Promise<SubjectRow> {
  let row: SubjectRow | undefined;
  if (/^\d{1,12}$/.test(key)) {
    row = await findSubjectById(ctx.database, Number(key));
  } else {
    const code = compactCode(key);
    if (code.length !== 18 || !/^[0-9A-Z]+$/.test(code)) {
      throw new AppError('invalid_code', `${key} is neither an 18-character code nor a subject id`, [
        { field: 'key', message: 'must be a USCC, a citizen ID or a numeric subject id' },
      ]);
    }
    row = await findSubjectByCode(ctx.database, code);
  }
  if (!row) throw new AppError('not_found', `no subject ${key}`, [{ field: 'key', message: 'no such subject' }]);
  return row;
}

export async function getSubject(
  ctx: AppContext,
  key: string,
  viewer: Viewer = PUBLIC_VIEWER,
): Promise<SubjectViewType> {
  return presentSubject(await getSubjectRow(ctx, key), viewer);
}

export async function updateSubject(
  ctx: AppContext,
  key: string,
  input: UpdateSubjectInput,
  actor: Actor,
  viewer: Viewer = PUBLIC_VIEWER,
): Promise<SubjectViewType> {
  const current = await getSubjectRow(ctx, key);
  if (input.kind && input.kind !== current.kind) {
    throw new AppError('validation_failed', 'the kind of a subject follows from its code and cannot change', [
      { field: 'kind', message: `must stay ${current.kind}` },
    ]);
  }
  const now = new Date().toISOString();
  const patch: SubjectPatch = { updated_at: now };
  let formerNames = JSON.parse(current.former_names) as string[];
  if (input.former_names) formerNames = input.former_names;
  const name = input.name ?? current.name;
  // A renamed subject keeps its old name searchable, as the registry does.
  if (input.name && input.name !== current.name && !input.former_names) {
    formerNames = [current.name, ...formerNames.filter((n) => n !== current.name)];
  }
  if (input.name !== undefined || input.former_names !== undefined) {
    const nameNorm = normalizeName(name);
    const formerNorms = formerNames.map(normalizeName);
    const py = namePinyin(name);
    Object.assign(patch, {
      name,
      former_names: JSON.stringify(formerNames),
      name_norm: nameNorm,
      former_norm: formerNorms.join('\n'),
      pinyin: py.syllables.join(' '),
      pinyin_initials: py.initials,
    });
  }
  for (const field of [
    'legal_representative',
    'status',
    'registered_date',
    'registered_capital',
    'address',
    'industry',
    'division',
  ] as const) {
    if (input[field] !== undefined) Object.assign(patch, { [field]: input[field] });
  }
  const updated = await ctx.database.db.transaction().execute(async (trx) => {
    const row = await updateSubjectRow(ctx.database, trx, current.id, patch);
    await appendAudit(ctx.database, trx, ctx.auditKey, [
      auditDraft(
        actor,
        'subjects:update',
        { type: 'subject', id: String(current.id) },
        { before_digest: subjectDigest(current), after_digest: subjectDigest(row) },
      ),
    ]);
    return row;
  });
  return presentSubject(updated, viewer);
}

type MatchKind = SearchResultType['items'][number]['match'];
interface Ranked {
  id: number;
  match: MatchKind;
  tier: number;
  length: number;
}

const TIERS: Record<MatchKind, number> = {
  code: 0,
  code_prefix: 1,
  name_exact: 0,
  name_prefix: 1,
  name: 2,
  former_name: 3,
  pinyin: 4,
};

/** The rank of a text-index candidate, or null when it only matched pinyin across syllables. */
function rankByName(c: Candidate, q: string, qChars: string): Ranked | null {
  let match: MatchKind;
  if (c.name_norm === q) match = 'name_exact';
  else if (c.name_norm.startsWith(q)) match = 'name_prefix';
  else if (c.name_norm.includes(q)) match = 'name';
  else if (c.former_norm.includes(q)) match = 'former_name';
  else if (pinyinMatches(c.pinyin, c.pinyin_initials, q)) match = 'pinyin';
  else if (qChars !== q && (c.name_norm.includes(qChars) || c.former_norm.includes(qChars))) match = 'name';
  else return null;
  return { id: c.id, match, tier: TIERS[match], length: c.name_norm.length };
}

function compareRanked(a: Ranked, b: Ranked): number {
  return a.tier - b.tier || a.length - b.length || a.id - b.id;
}

/** A query that can only be a code or the start of one: letters and digits, at least one digit. */
function isCodeQuery(compact: string): boolean {
  return /^[0-9A-Z]{4,18}$/.test(compact) && /\d/.test(compact);
}

export async function searchSubjects(
  ctx: AppContext,
  input: SearchSubjectsInput,
  viewer: Viewer = PUBLIC_VIEWER,
): Promise<SearchResultType> {
  const qNorm = normalizeName(input.q);
  if (qNorm === '') {
    throw new AppError('invalid_query', 'the query is empty after removing spaces', [
      { field: 'q', message: 'must contain at least one character that is not a space' },
    ]);
  }
  const filters: SearchFilters = { kind: input.kind, division: input.division };
  const cap = ctx.config.SEARCH_MAX_CANDIDATES;
  let ranked: Ranked[] = [];
  let complete = true;

  const compact = compactCode(input.q);
  if (isCodeQuery(compact)) {
    const found = await searchCandidatesByCode(ctx.database, compact, filters, cap + 1);
    complete = found.length <= cap;
    ranked = found.slice(0, cap).map((c, index) => {
      const match: MatchKind = c.code === compact ? 'code' : 'code_prefix';
      return { id: c.id, match, tier: TIERS[match], length: index };
    });
    ranked.sort((a, b) => a.tier - b.tier || a.length - b.length);
  }
  if (ranked.length === 0) {
    const chars = queryCharacters(qNorm);
    if ([...qNorm].length < 3 && chars.length === 0) {
      throw new AppError('invalid_query', 'a query of one or two characters must contain a letter or digit', [
        { field: 'q', message: 'must contain a letter or digit' },
      ]);
    }
    const found = await searchCandidatesByText(ctx.database, qNorm, chars, pinyinReadings(qNorm), filters, cap + 1);
    complete = found.length <= cap;
    const qChars = chars.join('');
    const byId = new Map<number, Ranked>();
    for (const c of found.slice(0, cap)) {
      const rank = rankByName(c, qNorm, qChars);
      if (rank) byId.set(c.id, rank);
    }
    // Past the cap the text index stops at the lowest ids, so take the best matches (exact and
    // prefix names) from the name index as well, as many as the requested page needs: they are
    // never lost to the cut.
    if (!complete) {
      const needed = input.page * input.page_size;
      for (const p of await searchBestNamePrefixes(ctx.database, qNorm, filters, needed)) {
        const match: MatchKind = p.name_norm === qNorm ? 'name_exact' : 'name_prefix';
        byId.set(p.id, { id: p.id, match, tier: TIERS[match], length: p.name_norm.length });
      }
    }
    ranked = [...byId.values()].sort(compareRanked);
  }

  const start = (input.page - 1) * input.page_size;
  const pageRanks = ranked.slice(start, start + input.page_size);
  const rows = new Map(
    (
      await findSubjectsByIds(
        ctx.database,
        pageRanks.map((r) => r.id),
      )
    ).map((r) => [r.id, r]),
  );
  const items = pageRanks.flatMap((r) => {
    const row = rows.get(r.id);
    if (!row) return [];
    const view = presentSubject(row, viewer);
    let matchedFormer: string | null = null;
    let highlight: [number, number][] = [];
    if (r.match === 'former_name') {
      matchedFormer = view.former_names.find((n) => normalizeName(n).includes(qNorm)) ?? null;
      highlight = matchedFormer ? highlightRanges(matchedFormer, qNorm) : [];
    } else if (r.match !== 'code' && r.match !== 'code_prefix' && r.match !== 'pinyin') {
      highlight = highlightRanges(view.name, qNorm);
    }
    return [{ ...view, match: r.match, highlight, matched_former_name: matchedFormer }];
  });
  return { items, total: ranked.length, total_exact: complete, page: input.page, page_size: input.page_size };
}
