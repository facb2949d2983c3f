import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { checkCode } from '../../codes/check-code.js';
import { listDivisions } from '../../codes/divisions.js';
import type { UsccParts } from '../../codes/uscc.js';
import { AppError } from '../../errors.js';
import { formatTime } from '../../web/format.js';
import { Layout, SearchBox } from '../../web/layout.js';
import { type PageContext, pageContext, renderPage } from '../../web/render.js';
import { subjectKey } from '../subjects.presenter.js';
import { countSubjects } from '../subjects.repository.js';
import {
  SearchSubjectsQuery,
  type SearchResultType,
  SUBJECT_KINDS,
  type SubjectViewType,
} from '../subjects.schemas.js';
import { getSubjectRow, searchSubjects } from '../subjects.service.js';
import { presentSubject, PUBLIC_VIEWER } from '../subjects.presenter.js';

const PROVINCES = listDivisions().filter((d) => d.code.endsWith('0000'));

// The page form sends empty strings for "all"; lang is the language switch.
const SearchPageQuery = SearchSubjectsQuery.extend({
  kind: z.preprocess((v) => (v === '' ? undefined : v), SearchSubjectsQuery.shape.kind),
  division: z.preprocess((v) => (v === '' ? undefined : v), SearchSubjectsQuery.shape.division),
  lang: z.string().optional(),
});

function Highlighted({ text, ranges }: { text: string; ranges: [number, number][] }) {
  const parts = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark>{text.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

function StatusBadge({ page, status }: { page: PageContext; status: string }) {
  return <span class={`badge status-${status}`}>{page.t(`statuses.${status}`)}</span>;
}

function formatCapital(page: PageContext, value: number | null): string | null {
  if (value === null) return null;
  const formatted = new Intl.NumberFormat(page.lang, { maximumFractionDigits: 4 }).format(value);
  return page.t('subject.capital_value', { value: formatted });
}

function HomePage({ page, count }: { page: PageContext; count: number }) {
  const { t } = page;
  return (
    <Layout page={page}>
      <section class="hero">
        <h1>{t('app.full_name')}</h1>
        <p class="lead">{t('app.tagline')}</p>
        <SearchBox page={page} large />
        <p class="registry-size">
          {t('search.registry_size', { count: new Intl.NumberFormat(page.lang).format(count) })}
        </p>
      </section>
      <section class="tips">
        <h2>{t('search.tips_title')}</h2>
        <ul>
          <li>{t('search.tip_name')}</li>
          <li>{t('search.tip_code')}</li>
          <li>{t('search.tip_pinyin')}</li>
          <li>{t('search.tip_former')}</li>
        </ul>
      </section>
    </Layout>
  );
}

function searchHref(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
  return `/search?${search.toString()}`;
}

function ResultItem({ page, item }: { page: PageContext; item: SearchResultType['items'][number] }) {
  const { t } = page;
  const person = item.kind === 'natural_person' || item.kind === 'individual_business';
  return (
    <li class="result">
      <div class="result-head">
        <a class="result-name" href={`/subjects/${encodeURIComponent(subjectKey(item))}`}>
          <Highlighted text={item.name} ranges={item.match === 'former_name' ? [] : item.highlight} />
        </a>
        <StatusBadge page={page} status={item.status} />
        <span class="badge kind">{t(`kinds.${item.kind}`)}</span>
      </div>
      {item.match === 'former_name' && item.matched_former_name && (
        <p class="match-note">
          {t('search.match_former_name')}
          <Highlighted text={item.matched_former_name} ranges={item.highlight} />
        </p>
      )}
      {item.match === 'pinyin' && <p class="match-note">{t('search.match_pinyin')}</p>}
      <dl class="result-facts">
        <div>
          <dt>{item.code_type === 'uscc' ? t('subject.code') : t('subject.citizen_id')}</dt>
          <dd class="code">{item.code}</dd>
        </div>
        {item.legal_representative && (
          <div>
            <dt>{person ? t('subject.operator') : t('subject.legal_representative')}</dt>
            <dd>{item.legal_representative}</dd>
          </div>
        )}
        {item.registered_date && (
          <div>
            <dt>{t('subject.registered_date')}</dt>
            <dd>{item.registered_date}</dd>
          </div>
        )}
        {item.registered_capital !== null && (
          <div>
            <dt>{t('subject.registered_capital')}</dt>
            <dd>{formatCapital(page, item.registered_capital)}</dd>
          </div>
        )}
        {item.division?.full_name && (
          <div>
            <dt>{t('subject.division')}</dt>
            <dd>{item.division.full_name}</dd>
          </div>
        )}
      </dl>
    </li>
  );
}

function SearchPage({
  page,
  query,
  result,
  error,
}: {
  page: PageContext;
  query: { q: string; kind?: string | undefined; division?: string | undefined };
  result?: SearchResultType;
  error?: AppError;
}) {
  const { t } = page;
  const pages = result ? Math.max(1, Math.ceil(result.total / result.page_size)) : 1;
  return (
    <Layout page={page} title={query.q} headerSearch={query.q}>
      <form class="filters" action="/search" method="get">
        <input type="hidden" name="q" value={query.q} />
        <label>
          <span class="sr-only">{t('subject.kind')}</span>
          <select name="kind" aria-label={t('subject.kind')}>
            <option value="">{t('search.all_kinds')}</option>
            {SUBJECT_KINDS.map((k) => (
              <option value={k} selected={query.kind === k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span class="sr-only">{t('subject.division')}</span>
          <select name="division" aria-label={t('subject.division')}>
            <option value="">{t('search.all_provinces')}</option>
            {PROVINCES.map((p) => (
              <option value={p.code.slice(0, 2)} selected={query.division === p.code.slice(0, 2)}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('search.filter')}</button>
      </form>
      {error && (
        <div class="alert" role="alert">
          {error.details.map((d) => d.message).join('; ') || error.message}
        </div>
      )}
      {result && (
        <>
          <p class="summary" data-total={result.total}>
            {result.total_exact
              ? t('search.results', { count: result.total })
              : t('search.results_more', { count: result.total })}
          </p>
          {result.items.length === 0 ? (
            <div class="empty">
              <p>{t('search.none', { q: query.q })}</p>
              <p class="muted">{t('search.none_hint')}</p>
            </div>
          ) : (
            <ol class="results">
              {result.items.map((item) => (
                <ResultItem page={page} item={item} />
              ))}
            </ol>
          )}
          {pages > 1 && (
            <nav class="pager" aria-label="pages">
              {result.page > 1 ? (
                <a rel="prev" href={searchHref({ ...query, page: result.page - 1 })}>
                  {t('search.prev')}
                </a>
              ) : (
                <span class="disabled">{t('search.prev')}</span>
              )}
              <span>{t('search.page', { page: result.page, pages })}</span>
              {result.page < pages ? (
                <a rel="next" href={searchHref({ ...query, page: result.page + 1 })}>
                  {t('search.next')}
                </a>
              ) : (
                <span class="disabled">{t('search.next')}</span>
              )}
            </nav>
          )}
        </>
      )}
    </Layout>
  );
}

function Fact({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <div class="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function ProfilePage({
  page,
  subject,
  usccParts,
}: {
  page: PageContext;
  subject: SubjectViewType;
  usccParts: UsccParts | null;
}) {
  const { t } = page;
  const none = <span class="muted">{t('subject.none')}</span>;
  const person = subject.kind === 'natural_person' || subject.kind === 'individual_business';
  return (
    <Layout page={page} title={subject.name} headerSearch="">
      <section class="profile-head panel">
        <h1>{subject.name}</h1>
        <div class="badges">
          <StatusBadge page={page} status={subject.status} />
          <span class="badge kind">{t(`kinds.${subject.kind}`)}</span>
        </div>
        <p class="code-line">
          <span class="muted">{subject.code_type === 'uscc' ? t('subject.code') : t('subject.citizen_id')}</span>{' '}
          <span class="code">{subject.code}</span>
        </p>
        {subject.code_masked && <p class="muted small">{t('subject.masked_note')}</p>}
      </section>
      <section class="panel">
        <h2>{t('subject.basic')}</h2>
        <dl class="facts">
          <Fact label={person ? t('subject.operator') : t('subject.legal_representative')}>
            {subject.legal_representative ?? none}
          </Fact>
          <Fact label={t('subject.registered_date')}>{subject.registered_date ?? none}</Fact>
          <Fact label={t('subject.registered_capital')}>{formatCapital(page, subject.registered_capital) ?? none}</Fact>
          <Fact label={t('subject.industry')}>
            {subject.industry ? `${subject.industry} ${t(`industries.${subject.industry}`)}` : none}
          </Fact>
          <Fact label={t('subject.division')}>{subject.division?.full_name ?? subject.division?.code ?? none}</Fact>
          <Fact label={t('subject.address')}>{subject.address ?? none}</Fact>
          <Fact label={t('subject.former_names')}>
            {subject.former_names.length > 0 ? (
              <ul class="plain">
                {subject.former_names.map((n) => (
                  <li>{n}</li>
                ))}
              </ul>
            ) : (
              none
            )}
          </Fact>
          <Fact label={t('subject.updated_at')}>{formatTime(subject.updated_at).slice(0, 10)}</Fact>
        </dl>
      </section>
      {usccParts && (
        <section class="panel">
          <h2>{t('subject.code_parts')}</h2>
          <dl class="facts">
            <Fact label={t('subject.registration_authority')}>
              {usccParts.registration_authority.code} {usccParts.registration_authority.name}
            </Fact>
            <Fact label={t('subject.entity_category')}>
              {usccParts.entity_category.code} {usccParts.entity_category.name}
            </Fact>
            <Fact label={t('subject.division_in_code')}>
              {usccParts.division.code}{' '}
              {[usccParts.division.province, usccParts.division.city, usccParts.division.county]
                .filter(Boolean)
                .join(' ')}
            </Fact>
            <Fact label={t('subject.organization_code')}>
              <span class="code">{usccParts.organization_code}</span>
            </Fact>
          </dl>
        </section>
      )}
    </Layout>
  );
}

export const subjectsPages: FastifyPluginAsync = async (app) => {
  const html = 'text/html; charset=utf-8';
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const page = pageContext(request, reply);
    const count = await countSubjects(app.ctx.database);
    return reply.type(html).send(renderPage(<HomePage page={page} count={count} />));
  });

  app.get(
    '/search',
    { schema: { hide: true }, config: { rateLimit: { max: app.ctx.config.RATE_LIMIT_SEARCH, timeWindow: 60_000 } } },
    async (request, reply) => {
      const page = pageContext(request, reply);
      const raw = request.query as Record<string, unknown>;
      if (typeof raw.q !== 'string' || raw.q.trim() === '') return await reply.redirect('/');
      const parsed = SearchPageQuery.safeParse(raw);
      const query = {
        q: raw.q,
        kind: typeof raw.kind === 'string' ? raw.kind : undefined,
        division: typeof raw.division === 'string' ? raw.division : undefined,
      };
      if (!parsed.success) {
        const error = new AppError(
          'validation_failed',
          'invalid search',
          parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: `${i.path.join('.')}: ${i.message}` })),
        );
        return reply
          .status(400)
          .type(html)
          .send(renderPage(<SearchPage page={page} query={query} error={error} />));
      }
      const { lang: _lang, ...input } = parsed.data;
      try {
        const result = await searchSubjects(app.ctx, input);
        return await reply.type(html).send(renderPage(<SearchPage page={page} query={query} result={result} />));
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        return reply
          .status(error.status)
          .type(html)
          .send(renderPage(<SearchPage page={page} query={query} error={error} />));
      }
    },
  );

  app.get('/subjects/:key', { schema: { hide: true } }, async (request, reply) => {
    const page = pageContext(request, reply);
    const { key } = request.params as { key: string };
    const row = await getSubjectRow(app.ctx, key);
    const subject = presentSubject(row, PUBLIC_VIEWER);
    const check = row.code_type === 'uscc' ? checkCode(row.code) : null;
    const usccParts = check?.type === 'uscc' ? (check.parts as UsccParts) : null;
    return reply.type(html).send(renderPage(<ProfilePage page={page} subject={subject} usccParts={usccParts} />));
  });
};
