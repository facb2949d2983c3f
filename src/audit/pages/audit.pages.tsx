import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../../errors.js';
import { can } from '../../policy/policy.js';
import { formatTime } from '../../web/format.js';
import { Layout } from '../../web/layout.js';
import { type PageContext, pageContext, renderPage } from '../../web/render.js';
import { AuditQuery, type AuditVerificationView } from '../audit.schemas.js';
import { browseAudit, verifyAuditLog } from '../audit.service.js';

const HTML = 'text/html; charset=utf-8';
const FILTERS = ['action', 'actor_role', 'target_type', 'target_id', 'outcome', 'from', 'to'] as const;

type Page = Awaited<ReturnType<typeof browseAudit>>;

function AuditPageView({
  page,
  filters,
  result,
  verification,
  error,
}: {
  page: PageContext;
  filters: Record<string, string>;
  result: Page | null;
  verification: z.infer<typeof AuditVerificationView> | null;
  error: string | null;
}) {
  const { t } = page;
  const link = (p: number) => {
    const q = new URLSearchParams({ ...filters, page: String(p) });
    return `/admin/audit?${q.toString()}`;
  };
  return (
    <Layout page={page} title={t('audit.title')}>
      <section class="panel">
        <h1>{t('audit.title')}</h1>
        <form class="filters" method="get" action="/admin/audit">
          <input
            name="action"
            placeholder={t('audit.action')}
            value={filters.action ?? ''}
            aria-label={t('audit.action')}
          />
          <select name="actor_role" aria-label={t('audit.actor')}>
            <option value="">{t('audit.any')}</option>
            {['admin', 'operator', 'department', 'association', 'subject_user', 'public', 'api_key', 'system'].map(
              (r) => (
                <option value={r} selected={filters.actor_role === r}>
                  {r}
                </option>
              ),
            )}
          </select>
          <input
            name="target_id"
            placeholder={t('audit.target')}
            value={filters.target_id ?? ''}
            aria-label={t('audit.target')}
          />
          <select name="outcome" aria-label={t('audit.outcome')}>
            <option value="">{t('audit.any')}</option>
            <option value="ok" selected={filters.outcome === 'ok'}>
              {t('audit.ok')}
            </option>
            <option value="denied" selected={filters.outcome === 'denied'}>
              {t('audit.denied')}
            </option>
          </select>
          <input type="date" name="from" value={filters.from ?? ''} aria-label={t('audit.from')} />
          <input type="date" name="to" value={filters.to ?? ''} aria-label={t('audit.to')} />
          <button type="submit">{t('audit.filter')}</button>
        </form>
        <form class="filters" method="get" action="/admin/audit">
          <input type="hidden" name="verify" value="1" />
          <button type="submit">{t('audit.verify')}</button>
        </form>
        {verification &&
          (verification.ok ? (
            <div class="notice" data-verify="ok">
              {t('audit.intact', { count: verification.checked, head: verification.head_hash.slice(0, 16) })}
            </div>
          ) : (
            <div class="alert" data-verify="broken">
              {t('audit.broken', {
                seq: verification.first_break?.seq,
                problem: verification.first_break?.problem,
                message: verification.first_break?.message,
              })}
            </div>
          ))}
        {error && (
          <div class="alert" role="alert">
            {error}
          </div>
        )}
      </section>
      {result && (
        <section class="panel">
          {result.items.length === 0 ? (
            <p class="muted">{t('audit.none')}</p>
          ) : (
            <table class="grid audit">
              <thead>
                <tr>
                  <th>{t('audit.seq')}</th>
                  <th>{t('audit.at')}</th>
                  <th>{t('audit.actor')}</th>
                  <th>{t('audit.action')}</th>
                  <th>{t('audit.target')}</th>
                  <th>{t('audit.outcome')}</th>
                  <th>{t('audit.ip')}</th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((e) => (
                  <tr>
                    <td>{e.seq}</td>
                    <td>{formatTime(e.at)}</td>
                    <td>
                      {e.actor_role}
                      {e.actor_id !== null ? ` #${e.actor_id}` : ''}
                      {e.api_key_id !== null ? ` key#${e.api_key_id}` : ''}
                    </td>
                    <td class="code">{e.action}</td>
                    <td>{e.target_type ? `${e.target_type} ${e.target_id ?? ''}` : ''}</td>
                    <td>{e.outcome === 'ok' ? t('audit.ok') : <strong>{t('audit.denied')}</strong>}</td>
                    <td>{e.ip ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <nav class="pager">
            {result.page > 1 ? (
              <a href={link(result.page - 1)}>{t('audit.newer')}</a>
            ) : (
              <span class="disabled">{t('audit.newer')}</span>
            )}
            {result.has_more ? (
              <a href={link(result.page + 1)}>{t('audit.older')}</a>
            ) : (
              <span class="disabled">{t('audit.older')}</span>
            )}
          </nav>
        </section>
      )}
    </Layout>
  );
}

export const auditPages: FastifyPluginAsync = async (app) => {
  app.get('/admin/audit', { schema: { hide: true }, config: { action: 'pages:view' } }, async (request, reply) => {
    if (request.actor.userId === null) return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    if (!can(request.actor, 'audit:read'))
      throw new AppError('forbidden', `${request.actor.role} may not read the audit log`);
    const page = pageContext(request, reply);
    const raw = request.query as Record<string, string | undefined>;
    const filters: Record<string, string> = {};
    for (const f of FILTERS) if (raw[f]) filters[f] = raw[f];
    const parsed = AuditQuery.safeParse({ ...filters, ...(raw.page ? { page: raw.page } : {}) });
    const result = parsed.success ? await browseAudit(app.ctx, request.actor, parsed.data) : null;
    const error = parsed.success
      ? null
      : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    const verification = raw.verify ? await verifyAuditLog(app.ctx) : null;
    return reply
      .status(parsed.success ? 200 : 400)
      .type(HTML)
      .send(
        renderPage(
          <AuditPageView page={page} filters={filters} result={result} verification={verification} error={error} />,
        ),
      );
  });
};
