import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ROLES } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { can, KEY_SCOPES } from '../../policy/policy.js';
import { formatTime } from '../../web/format.js';
import { Layout } from '../../web/layout.js';
import { Messages, PostButton } from '../../web/components.js';
import { csrfValid, type PageContext, pageContext, renderPage } from '../../web/render.js';
import { CreateApiKeyBody, CreateOrganisationBody, CreateUserBody, ORGANISATION_KINDS } from '../accounts.schemas.js';
import {
  createApiKey,
  createOrganisation,
  createUser,
  disableUser,
  listAllApiKeys,
  listAllOrganisations,
  listAllUsers,
  revokeApiKey,
} from '../accounts.service.js';

const HTML = 'text/html; charset=utf-8';
type Form = Record<string, string | string[] | undefined>;

function Csrf({ page }: { page: PageContext }) {
  return <input type="hidden" name="_csrf" value={page.csrf} />;
}

type Users = Awaited<ReturnType<typeof listAllUsers>>;
type Orgs = Awaited<ReturnType<typeof listAllOrganisations>>;
type Keys = Awaited<ReturnType<typeof listAllApiKeys>>;

function UsersPage(props: {
  page: PageContext;
  users: Users;
  orgs: Orgs;
  error?: string | undefined;
  notice?: string;
}) {
  const { page, users, orgs } = props;
  const { t } = page;
  const orgName = (id: number | null) => orgs.find((o) => o.id === id)?.name ?? '';
  return (
    <Layout page={page} title={t('admin.users_title')}>
      <section class="panel">
        <h1>{t('admin.users_title')}</h1>
        <Messages error={props.error} notice={props.notice} />
        <table class="grid users">
          <thead>
            <tr>
              <th>{t('account.username')}</th>
              <th>{t('admin.display_name')}</th>
              <th>{t('account.role')}</th>
              <th>{t('admin.organisation')}</th>
              <th>{t('admin.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr data-username={u.username}>
                <td>{u.username}</td>
                <td>{u.display_name}</td>
                <td>{t(`account.roles.${u.role}`)}</td>
                <td>{orgName(u.org_id)}</td>
                <td>{u.disabled ? t('admin.disabled') : u.locked_until ? t('admin.locked') : t('admin.active')}</td>
                <td>
                  {!u.disabled && page.user?.username !== u.username && (
                    <PostButton action={`/admin/users/${u.id}/disable`} csrf={page.csrf} label={t('admin.disable')} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="panel">
        <h2>{t('admin.new_user')}</h2>
        <form class="form" method="post" action="/admin/users">
          <Csrf page={page} />
          <label>
            {t('account.username')}
            <input name="username" required pattern="[a-z0-9][a-z0-9._\-]{2,63}" />
          </label>
          <label>
            {t('admin.display_name')}
            <input name="display_name" required />
          </label>
          <label>
            {t('account.password')}
            <input name="password" type="password" minLength={10} required autocomplete="new-password" />
          </label>
          <label>
            {t('account.role')}
            <select name="role">
              {ROLES.map((r) => (
                <option value={r}>{t(`account.roles.${r}`)}</option>
              ))}
            </select>
          </label>
          <label>
            {t('admin.organisation')}
            <select name="org_id">
              <option value="">{t('admin.none')}</option>
              {orgs.map((o) => (
                <option value={String(o.id)}>{`${o.name} (${o.kind})`}</option>
              ))}
            </select>
          </label>
          <label>
            {t('admin.subject_id')}
            <input name="subject_id" inputMode="numeric" />
          </label>
          <button type="submit">{t('admin.create')}</button>
        </form>
      </section>
      <section class="panel">
        <h2>{t('admin.new_org')}</h2>
        <form class="form" method="post" action="/admin/organisations">
          <Csrf page={page} />
          <label>
            {t('admin.org_name')}
            <input name="name" required />
          </label>
          <label>
            {t('admin.org_kind')}
            <select name="kind">
              {ORGANISATION_KINDS.map((k) => (
                <option value={k}>{k}</option>
              ))}
            </select>
          </label>
          <button type="submit">{t('admin.create')}</button>
        </form>
      </section>
    </Layout>
  );
}

function KeysPage(props: { page: PageContext; keys: Keys; error?: string | undefined; newKey?: string }) {
  const { page, keys } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('admin.keys_title')}>
      <section class="panel">
        <h1>{t('admin.keys_title')}</h1>
        <Messages
          error={props.error}
          notice={
            props.newKey && (
              <>
                {t('admin.key_once')} <code class="code new-key">{props.newKey}</code>
              </>
            )
          }
        />
        <table class="grid keys">
          <thead>
            <tr>
              <th>{t('admin.key_name')}</th>
              <th>{t('admin.prefix')}</th>
              <th>{t('admin.scopes')}</th>
              <th>{t('admin.last_used')}</th>
              <th>{t('admin.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr>
                <td>{k.name}</td>
                <td class="code">{k.prefix}…</td>
                <td class="code">{k.scopes.join(' ')}</td>
                <td>{k.last_used_at ? formatTime(k.last_used_at) : t('admin.never')}</td>
                <td>{k.revoked ? t('admin.revoked') : t('admin.active')}</td>
                <td>
                  {!k.revoked && (
                    <PostButton action={`/admin/keys/${k.id}/revoke`} csrf={page.csrf} label={t('admin.revoke')} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="panel">
        <h2>{t('admin.new_key')}</h2>
        <form class="form" method="post" action="/admin/keys">
          <Csrf page={page} />
          <label>
            {t('admin.key_name')}
            <input name="name" required />
          </label>
          <fieldset class="scopes">
            <legend>{t('admin.scopes')}</legend>
            {KEY_SCOPES.map((s) => (
              <label class="check">
                <input type="checkbox" name="scopes" value={s} /> <span class="code">{s}</span>
              </label>
            ))}
          </fieldset>
          <button type="submit">{t('admin.create')}</button>
        </form>
      </section>
    </Layout>
  );
}

function errorText(error: unknown): string {
  if (error instanceof AppError)
    return error.details.map((d) => `${d.field ? `${d.field}: ` : ''}${d.message}`).join('; ') || error.message;
  throw error;
}

export const adminPages: FastifyPluginAsync = async (app) => {
  /** Admins only: others are sent to sign in, or refused. */
  const guard = async (request: FastifyRequest, reply: FastifyReply, action: 'users:manage' | 'api_keys:manage') => {
    if (request.actor.userId === null) {
      await reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
      return false;
    }
    if (!can(request.actor, action)) throw new AppError('forbidden', `${request.actor.role} may not ${action}`);
    return true;
  };
  const config = { action: 'pages:view' as const };
  const usersPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    extra: { error?: string; notice?: string },
  ) => {
    const page = pageContext(request, reply);
    const [users, orgs] = await Promise.all([
      listAllUsers(app.ctx, request.actor),
      listAllOrganisations(app.ctx, request.actor),
    ]);
    return reply
      .status(status)
      .type(HTML)
      .send(renderPage(<UsersPage page={page} users={users} orgs={orgs} {...extra} />));
  };
  const keysPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    extra: { error?: string; newKey?: string },
  ) => {
    const page = pageContext(request, reply);
    const keys = await listAllApiKeys(app.ctx, request.actor);
    return reply
      .status(status)
      .type(HTML)
      .send(renderPage(<KeysPage page={page} keys={keys} {...extra} />));
  };
  const csrfError = (request: FastifyRequest) => pageContext(request).t('account.csrf_failed');
  const optionalNumber = (v: unknown) => (typeof v === 'string' && v !== '' ? Number(v) : undefined);

  app.get('/admin/users', { schema: { hide: true }, config }, async (request, reply) => {
    if (!(await guard(request, reply, 'users:manage'))) return reply;
    return usersPage(request, reply, 200, {});
  });
  app.post('/admin/users', { schema: { hide: true }, config }, async (request, reply) => {
    if (!(await guard(request, reply, 'users:manage'))) return reply;
    const form = (request.body ?? {}) as Form;
    if (!csrfValid(request, form._csrf)) return usersPage(request, reply, 403, { error: csrfError(request) });
    const input = CreateUserBody.safeParse({
      username: form.username,
      display_name: form.display_name,
      password: form.password,
      role: form.role,
      org_id: optionalNumber(form.org_id),
      subject_id: optionalNumber(form.subject_id),
    });
    if (!input.success) {
      const error = input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return usersPage(request, reply, 400, { error });
    }
    try {
      const user = await createUser(app.ctx, request.actor, input.data);
      return await usersPage(request, reply, 201, {
        notice: pageContext(request).t('admin.created_user', { username: user.username }),
      });
    } catch (error) {
      return usersPage(request, reply, error instanceof AppError ? error.status : 500, { error: errorText(error) });
    }
  });
  app.post('/admin/users/:id/disable', { schema: { hide: true }, config }, async (request, reply) => {
    if (!(await guard(request, reply, 'users:manage'))) return reply;
    const form = (request.body ?? {}) as Form;
    if (!csrfValid(request, form._csrf)) return usersPage(request, reply, 403, { error: csrfError(request) });
    try {
      await disableUser(app.ctx, request.actor, Number((request.params as { id: string }).id));
      return await reply.redirect('/admin/users', 303);
    } catch (error) {
      return usersPage(request, reply, error instanceof AppError ? error.status : 500, { error: errorText(error) });
    }
  });
  app.post('/admin/organisations', { schema: { hide: true }, config }, async (request, reply) => {
    if (!(await guard(request, reply, 'users:manage'))) return reply;
    const form = (request.body ?? {}) as Form;
    if (!csrfValid(request, form._csrf)) return usersPage(request, reply, 403, { error: csrfError(request) });
    const input = CreateOrganisationBody.safeParse({ name: form.name, kind: form.kind });
    if (!input.success)
      return usersPage(request, reply, 400, { error: input.error.issues.map((i) => i.message).join('; ') });
    await createOrganisation(app.ctx, request.actor, input.data);
    return reply.redirect('/admin/users', 303);
  });

  app.get('/admin/keys', { schema: { hide: true }, config }, async (request, reply) => {
    if (!(await guard(request, reply, 'api_keys:manage'))) return reply;
    return keysPage(request, reply, 200, {});
  });
  app.post('/admin/keys', { schema: { hide: true }, config }, async (request, reply) => {
    if (!(await guard(request, reply, 'api_keys:manage'))) return reply;
    const form = (request.body ?? {}) as Form;
    if (!csrfValid(request, form._csrf)) return keysPage(request, reply, 403, { error: csrfError(request) });
    const scopes = form.scopes === undefined ? [] : [form.scopes].flat();
    const input = CreateApiKeyBody.safeParse({ name: form.name, scopes });
    if (!input.success) {
      return keysPage(request, reply, 400, {
        error: input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
    }
    const created = await createApiKey(app.ctx, request.actor, input.data);
    return keysPage(request, reply, 201, { newKey: created.key });
  });
  app.post('/admin/keys/:id/revoke', { schema: { hide: true }, config }, async (request, reply) => {
    if (!(await guard(request, reply, 'api_keys:manage'))) return reply;
    const form = (request.body ?? {}) as Form;
    if (!csrfValid(request, form._csrf)) return keysPage(request, reply, 403, { error: csrfError(request) });
    try {
      await revokeApiKey(app.ctx, request.actor, Number((request.params as { id: string }).id));
      return await reply.redirect('/admin/keys', 303);
    } catch (error) {
      return keysPage(request, reply, error instanceof AppError ? error.status : 500, { error: errorText(error) });
    }
  });
};
