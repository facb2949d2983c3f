import { CompiledQuery, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import { type Database, preparedStatement } from '../db/database.js';
import type { DB, SubjectsTable } from '../db/schema.js';
import { tokenDocument, trigramDocument } from './names.js';
import type { PinyinReading } from './pinyin-query.js';

export type SubjectRow = Selectable<SubjectsTable>;
export type NewSubjectRow = Omit<SubjectRow, 'id'>;
export type SubjectPatch = Updateable<SubjectsTable>;

/** What the ranking needs of each candidate. */
export interface Candidate {
  id: number;
  code: string;
  name_norm: string;
  former_norm: string;
  pinyin: string;
  pinyin_initials: string;
}

export interface SearchFilters {
  kind?: string | undefined;
  division?: string | undefined;
}

/** The stored columns of a subject, in insert order. */
export const SUBJECT_COLUMNS = [
  'code',
  'code_type',
  'kind',
  'name',
  'former_names',
  'legal_representative',
  'status',
  'registered_date',
  'registered_capital',
  'address',
  'industry',
  'division',
  'pinyin',
  'pinyin_initials',
  'name_norm',
  'former_norm',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof NewSubjectRow)[];

// Above every character in byte order, so `x >= p AND x < p || TOP` is a prefix range on a B-tree.
const TOP = '\u{10FFFF}';

export async function findSubjectByCode(database: Database, code: string): Promise<SubjectRow | undefined> {
  if (database.sqlite) {
    return preparedStatement(database.sqlite, 'select * from subjects where code = ?').get(code) as
      | SubjectRow
      | undefined;
  }
  const result = await database.pool!.query<SubjectRow>({
    name: 'subject_by_code',
    text: 'select * from subjects where code = $1',
    values: [code],
  });
  return result.rows[0];
}

export async function findSubjectById(database: Database, id: number): Promise<SubjectRow | undefined> {
  return database.db.selectFrom('subjects').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findSubjectsByIds(database: Database, ids: number[]): Promise<SubjectRow[]> {
  if (ids.length === 0) return [];
  return database.db.selectFrom('subjects').selectAll().where('id', 'in', ids).execute();
}

export async function countSubjects(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('subjects')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

export interface InsertOutcome {
  /** Index in the input → new id; rows whose code already existed are absent. */
  inserted: Map<number, number>;
  duplicates: number[];
}

/**
 * Inserts subjects inside the caller's transaction, skipping (and reporting) codes already
 * registered. SQLite keeps its FTS5 tables in step here, through prepared statements on the same
 * connection (so inside the same transaction); PostgreSQL derives its search columns itself.
 */
export async function insertSubjects(
  database: Database,
  trx: Kysely<DB>,
  rows: NewSubjectRow[],
): Promise<InsertOutcome> {
  const inserted = new Map<number, number>();
  const duplicates: number[] = [];
  if (rows.length === 0) return { inserted, duplicates };
  if (database.sqlite) {
    const handle = database.sqlite;
    const insert = preparedStatement(
      handle,
      `insert into subjects (${SUBJECT_COLUMNS.join(', ')}) values (${SUBJECT_COLUMNS.map(() => '?').join(', ')})
       on conflict (code) do nothing`,
    );
    const fts = preparedStatement(handle, 'insert into subject_fts (rowid, doc) values (?, ?)');
    const ftsTokens = preparedStatement(handle, 'insert into subject_fts_tokens (rowid, doc) values (?, ?)');
    rows.forEach((row, index) => {
      const info = insert.run(SUBJECT_COLUMNS.map((c) => row[c]));
      if (info.changes === 0) {
        duplicates.push(index);
        return;
      }
      const id = Number(info.lastInsertRowid);
      fts.run(id, trigramDocument(row.name_norm, row.former_norm, row.pinyin_initials));
      ftsTokens.run(id, tokenDocument(row.name_norm, row.former_norm, row.pinyin, row.pinyin_initials));
      inserted.set(index, id);
    });
    return { inserted, duplicates };
  }
  const CHUNK = 5000;
  const types = SUBJECT_COLUMNS.map((c) => (c === 'registered_capital' ? 'float8[]' : 'text[]'));
  const text = `insert into subjects (${SUBJECT_COLUMNS.join(', ')})
    select * from unnest(${types.map((t, i) => `$${i + 1}::${t}`).join(', ')})
    on conflict (code) do nothing returning id, code`;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const arrays = SUBJECT_COLUMNS.map((c) => chunk.map((r) => r[c]));
    const result = await trx.executeQuery<{ id: number; code: string }>(CompiledQuery.raw(text, arrays));
    const ids = new Map(result.rows.map((r) => [r.code, r.id]));
    chunk.forEach((row, offset) => {
      const id = ids.get(row.code);
      if (id === undefined) duplicates.push(start + offset);
      else {
        inserted.set(start + offset, id);
        ids.delete(row.code); // the same code twice in one batch: the second is a duplicate
      }
    });
  }
  return { inserted, duplicates };
}

/** Applies a patch inside the caller's transaction and returns the row as it now is. */
export async function updateSubject(
  database: Database,
  trx: Kysely<DB>,
  id: number,
  patch: SubjectPatch,
): Promise<SubjectRow> {
  const row = await trx
    .updateTable('subjects')
    .set(patch)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (database.dialect === 'sqlite' && patch.name_norm !== undefined) {
    const tokens = tokenDocument(row.name_norm, row.former_norm, row.pinyin, row.pinyin_initials);
    await sql`delete from subject_fts where rowid = ${id}`.execute(trx);
    await sql`delete from subject_fts_tokens where rowid = ${id}`.execute(trx);
    await sql`insert into subject_fts (rowid, doc) values (${id}, ${trigramDocument(row.name_norm, row.former_norm, row.pinyin_initials)})`.execute(
      trx,
    );
    await sql`insert into subject_fts_tokens (rowid, doc) values (${id}, ${tokens})`.execute(trx);
  }
  return row;
}

function filterSql(filters: SearchFilters, alias: string) {
  const parts = [];
  if (filters.kind) parts.push(sql` and ${sql.ref(`${alias}.kind`)} = ${filters.kind}`);
  if (filters.division) {
    parts.push(
      sql` and ${sql.ref(`${alias}.division`)} >= ${filters.division} and ${sql.ref(`${alias}.division`)} < ${`${filters.division}:`}`,
    );
  }
  return sql.join(parts, sql``);
}

/** Subjects whose code equals or starts with the prefix; citizen IDs only on an exact match. */
export async function searchCandidatesByCode(
  database: Database,
  prefix: string,
  filters: SearchFilters,
  limit: number,
): Promise<Candidate[]> {
  const result = await sql<Candidate>`
    select s.id, s.code, s.name_norm, s.former_norm, s.pinyin, s.pinyin_initials from subjects s
    where s.code >= ${prefix} and s.code < ${prefix + TOP}
      and (s.code_type = 'uscc' or s.code = ${prefix}) ${filterSql(filters, 's')}
    order by s.code limit ${limit}`.execute(database.db);
  return result.rows;
}

/**
 * The best-ranked subjects whose current name starts with the normalised query: shortest names
 * first, then by id. Reads only the name index (covering, when there are no filters).
 */
export async function searchBestNamePrefixes(
  database: Database,
  qNorm: string,
  filters: SearchFilters,
  limit: number,
): Promise<{ id: number; name_norm: string }[]> {
  const result = await sql<{ id: number; name_norm: string }>`
    select s.id, s.name_norm from subjects s
    where s.name_norm >= ${qNorm} and s.name_norm < ${qNorm + TOP} ${filterSql(filters, 's')}
    order by length(s.name_norm), s.id limit ${limit}`.execute(database.db);
  return result.rows;
}

/** A phrase for FTS5: the tokens in order, the last one a prefix when asked. */
function phrase(tokens: string[], prefix = false): string {
  return `"${tokens.join(' ')}"${prefix ? ' *' : ''}`;
}

/**
 * The FTS5 query on the token index: the letters and digits of a short query as a phrase (names
 * and initials), and for Latin letters any reading of them as pinyin syllables.
 */
function tokenQuery(chars: string[] | null, readings: PinyinReading[]): string {
  const parts = new Set(chars ? [phrase(chars)] : []);
  for (const r of readings) parts.add(phrase([...r.syllables, r.partial], true));
  return [...parts].join(' OR ');
}

/** The same for PostgreSQL's tsquery: <-> joins a phrase, :* marks a prefix, | is or. */
function tsQuery(chars: string[] | null, readings: PinyinReading[]): string {
  const parts = new Set(chars ? [chars.map((c) => `'${c}'`).join(' <-> ')] : []);
  for (const r of readings) parts.add([...r.syllables.map((t) => `'${t}'`), `'${r.partial}':*`].join(' <-> '));
  return [...parts].map((p) => `(${p})`).join(' | ');
}

/**
 * Subjects whose names, pinyin or initials may contain the normalised query, lowest ids first,
 * at most `limit`. The caller ranks them and drops the ones that do not really match (pinyin
 * that only matches across syllables): the candidates are a superset on both engines.
 * SQLite: the trigram index serves 3+ characters of a name or the initials, the token index
 * shorter queries and pinyin. PostgreSQL: pg_trgm on the search document, or a per-character tsvector.
 */
export async function searchCandidatesByText(
  database: Database,
  qNorm: string,
  chars: string[],
  readings: PinyinReading[],
  filters: SearchFilters,
  limit: number,
): Promise<Candidate[]> {
  const short = [...qNorm].length < 3;
  const latin = /^[a-z0-9]+$/.test(qNorm);
  if (database.dialect === 'sqlite') {
    const lists: Candidate[][] = [];
    if (!short) {
      const match = `"${qNorm.replaceAll('"', '""')}"`;
      const result = await sql<Candidate>`
        select s.id, s.code, s.name_norm, s.former_norm, s.pinyin, s.pinyin_initials
        from subject_fts f join subjects s on s.id = f.rowid
        where subject_fts match ${match} ${filterSql(filters, 's')}
        order by f.rowid limit ${limit}`.execute(database.db);
      lists.push(result.rows);
    }
    // Three or more Latin letters reach initials through the trigram index; pinyin needs the tokens.
    if (short || (latin && readings.length > 0)) {
      const result = await sql<Candidate>`
        select s.id, s.code, s.name_norm, s.former_norm, s.pinyin, s.pinyin_initials
        from subject_fts_tokens f join subjects s on s.id = f.rowid
        where subject_fts_tokens match ${tokenQuery(short ? chars : null, readings)} ${filterSql(filters, 's')}
        order by f.rowid limit ${limit}`.execute(database.db);
      lists.push(result.rows);
    }
    if (lists.length === 1) return lists[0] ?? [];
    const byId = new Map<number, Candidate>();
    for (const list of lists) for (const c of list) byId.set(c.id, c);
    return [...byId.values()].sort((a, b) => a.id - b.id).slice(0, limit);
  }
  // No ORDER BY here: PostgreSQL would walk the primary key and test every row until it found
  // enough (seconds for a rare query); the bitmap scan's order is near enough to insertion order.
  const tokens = short || (latin && readings.length > 0) ? tsQuery(short ? chars : null, readings) : null;
  const pattern = `%${qNorm.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const where =
    short && tokens
      ? sql`s.search_tokens @@ to_tsquery('simple', ${tokens})`
      : tokens
        ? sql`(s.search_doc like ${pattern} or s.search_tokens @@ to_tsquery('simple', ${tokens}))`
        : sql`s.search_doc like ${pattern}`;
  const result = await sql<Candidate>`
    select s.id, s.code, s.name_norm, s.former_norm, s.pinyin, s.pinyin_initials from subjects s
    where ${where} ${filterSql(filters, 's')}
    limit ${limit}`.execute(database.db);
  return result.rows;
}
