import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { accessLog } from '../../consents/consents.service.js';
import { AppError } from '../../errors.js';
import { formatTime } from '../../web/format.js';
import { Layout } from '../../web/layout.js';
import { Messages } from '../../web/components.js';
import { csrfValid, type PageContext, pageContext, renderPage } from '../../web/render.js';
import { sessionToken, setSessionCookie } from '../../auth/session-cookie.js';
import { changePassword, currentUser, login, logout } from '../accounts.service.js';

const HTML = 'text/html; charset=utf-8';

type Form = Record<string, string | undefined>;

/** Only same-site paths: never send a signed-in user on to another site. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/account';
}

function LoginPage({ page, next, error }: { page: PageContext; next: string; error?: string }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('account.login_title')}>
      <section class="panel narrow">
        <h1>{t('account.login_title')}</h1>
        <Messages error={error} />
        <form class="form" method="post" action="/login">
          <input type="hidden" name="_csrf" value={page.csrf} />
          <input type="hidden" name="next" value={next} />
          <label>
            {t('account.username')}
            <input name="username" autocomplete="username" required maxLength={64} />
          </label>
          <label>
            {t('account.password')}
            <input name="password" type="password" autocomplete="current-password" required maxLength={200} />
          </label>
          <button type="submit">{t('account.submit_login')}</button>
        </form>
      </section>
    </Layout>
  );
}

type AccessEntry = { at: string; organisation: string | null; role: string; purpose: string | null; outcome: string };

function AccessLog({ page, entries }: { page: PageContext; entries: AccessEntry[] }) {
  const { t } = page;
  return (
    <section class="panel access-log">
      <h2>{t('account.access_title')}</h2>
      <p class="muted">{t('account.access_note')}</p>
      {entries.length === 0 ? (
        <p>{t('account.access_none')}</p>
      ) : (
        <table class="grid">
          <thead>
            <tr>
              <th>{t('account.access_when')}</th>
              <th>{t('account.access_who')}</th>
              <th>{t('account.access_why')}</th>
              <th>{t('account.access_outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr>
                <td>{formatTime(e.at)}</td>
                <td>{e.organisation ?? t(`account.roles.${e.role}`)}</td>
                <td>{e.purpose ? t(`account.purposes.${e.purpose}`, { defaultValue: e.purpose }) : ''}</td>
                <td>{e.outcome === 'ok' ? t('audit.ok') : t('audit.denied')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AccountPage({
  page,
  user,
  error,
  notice,
  access,
}: {
  page: PageContext;
  user: { username: string; display_name: string; role: string; created_at: string };
  error?: string | undefined;
  notice?: string | undefined;
  access?: AccessEntry[] | undefined;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('account.title')}>
      <section class="panel">
        <h1>{user.display_name}</h1>
        <dl class="facts">
          <div class="fact">
            <dt>{t('account.username')}</dt>
            <dd>{user.username}</dd>
          </div>
          <div class="fact">
            <dt>{t('account.role')}</dt>
            <dd>{t(`account.roles.${user.role}`)}</dd>
          </div>
        </dl>
      </section>
      {access && <AccessLog page={page} entries={access} />}
      <section class="panel">
        <h2>{t('account.change_password')}</h2>
        <Messages error={error} notice={notice} />
        <form class="form" method="post" action="/account/password">
          <input type="hidden" name="_csrf" value={page.csrf} />
          <label>
            {t('account.current_password')}
            <input name="current_password" type="password" autocomplete="current-password" required />
          </label>
          <label>
            {t('account.new_password')}
            <input name="new_password" type="password" autocomplete="new-password" minLength={10} required />
          </label>
          <button type="submit">{t('account.submit_password')}</button>
        </form>
      </section>
    </Layout>
  );
}

function errorText(error: unknown): string {
  if (error instanceof AppError) return error.details.map((d) => d.message).join('; ') || error.message;
  throw error;
}

export const accountsPages: FastifyPluginAsync = async (app) => {
  const loginLimit = { max: app.ctx.config.RATE_LIMIT_LOGIN, timeWindow: 60_000 };

  app.get('/login', { schema: { hide: true }, config: { action: 'pages:view' } }, async (request, reply) => {
    const page = pageContext(request, reply);
    const next = safeNext((request.query as Form).next);
    return reply.type(HTML).send(renderPage(<LoginPage page={page} next={next} />));
  });

  app.post(
    '/login',
    { schema: { hide: true }, config: { action: 'auth:login', rateLimit: loginLimit } },
    async (request, reply) => {
      const page = pageContext(request, reply);
      const form = (request.body ?? {}) as Form;
      const next = safeNext(form.next);
      if (!csrfValid(request, form._csrf)) {
        return reply
          .status(403)
          .type(HTML)
          .send(renderPage(<LoginPage page={page} next={next} error={page.t('account.csrf_failed')} />));
      }
      try {
        const result = await login(
          app.ctx,
          request.actor,
          form.username ?? '',
          form.password ?? '',
          request.headers['user-agent'] ?? null,
        );
        setSessionCookie(request, reply, result.token, new Date(result.expiresAt));
        return await reply.redirect(next, 303);
      } catch (error) {
        const status = error instanceof AppError ? error.status : 500;
        return reply
          .status(status)
          .type(HTML)
          .send(renderPage(<LoginPage page={page} next={next} error={errorText(error)} />));
      }
    },
  );

  app.post('/logout', { schema: { hide: true }, config: { action: 'pages:view' } }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const cookie = sessionToken(request);
    if (csrfValid(request, form._csrf) && cookie && request.actor.userId !== null) {
      await logout(app.ctx, request.actor, cookie);
    }
    setSessionCookie(request, reply, '', null);
    return reply.redirect('/', 303);
  });

  const requireUser = async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    if (request.actor.userId !== null) return true;
    await reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    return false;
  };

  app.get('/account', { schema: { hide: true }, config: { action: 'pages:view' } }, async (request, reply) => {
    if (!(await requireUser(request, reply))) return reply;
    const page = pageContext(request, reply);
    const user = await currentUser(app.ctx, request.actor);
    // A subject's own user sees who read the subject's non-public data.
    const access =
      user.subject_id !== null ? await accessLog(app.ctx, request.actor, String(user.subject_id)) : undefined;
    return reply.type(HTML).send(renderPage(<AccountPage page={page} user={user} access={access} />));
  });

  app.post(
    '/account/password',
    { schema: { hide: true }, config: { action: 'pages:view' } },
    async (request, reply) => {
      if (!(await requireUser(request, reply))) return reply;
      const page = pageContext(request, reply);
      const user = await currentUser(app.ctx, request.actor);
      const form = (request.body ?? {}) as Form;
      if (!csrfValid(request, form._csrf)) {
        return reply
          .status(403)
          .type(HTML)
          .send(renderPage(<AccountPage page={page} user={user} error={page.t('account.csrf_failed')} />));
      }
      const next = form.new_password ?? '';
      if (next.length < 10 || next.length > 200) {
        return reply
          .status(400)
          .type(HTML)
          .send(renderPage(<AccountPage page={page} user={user} error={page.t('account.new_password')} />));
      }
      const token = sessionToken(request);
      try {
        await changePassword(app.ctx, request.actor, form.current_password ?? '', next, token);
      } catch (error) {
        const status = error instanceof AppError ? error.status : 500;
        return reply
          .status(status)
          .type(HTML)
          .send(renderPage(<AccountPage page={page} user={user} error={errorText(error)} />));
      }
      return reply
        .type(HTML)
        .send(renderPage(<AccountPage page={page} user={user} notice={page.t('account.password_changed')} />));
    },
  );
};
