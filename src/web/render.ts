import { randomBytes, timingSafeEqual } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { Actor } from '../auth/actor.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { type Language, pickLanguage, type Translate, translator } from '../i18n/i18n.js';

export interface PageContext {
  lang: Language;
  t: Translate;
  /** The current path and query without lang, for the language switch. */
  path: string;
  /** The signed-in account, for the header. */
  user: { username: string; role: string } | null;
  /** The token every form posts back (double-submit cookie). */
  csrf: string;
}

const CSRF_COOKIE = 'xy_csrf';

/**
 * Forms carry a token that must equal the CSRF cookie: another site can make a browser post, but
 * can neither read nor set this cookie, so its posts fail the check.
 */
export function csrfValid(request: FastifyRequest, formToken: unknown): boolean {
  const cookie = request.headers.cookie ? parseCookie(request.headers.cookie)[CSRF_COOKIE] : undefined;
  if (!cookie || typeof formToken !== 'string' || formToken.length !== cookie.length) return false;
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(formToken));
}

export function pageContext(request: FastifyRequest, reply?: FastifyReply): PageContext {
  // Only pages read cookies, so the cookie header is parsed here rather than on every request.
  const cookies = request.headers.cookie ? parseCookie(request.headers.cookie) : {};
  const lang = pickLanguage(request.query, cookies.lang);
  const requested = (request.query as { lang?: unknown } | undefined)?.lang;
  if (reply && (requested === 'en' || requested === 'zh-CN')) {
    reply.header(
      'set-cookie',
      stringifySetCookie({
        name: 'lang',
        value: lang,
        path: '/',
        sameSite: 'lax',
        httpOnly: true,
        maxAge: 365 * 24 * 3600,
      }),
    );
  }
  let csrf = cookies[CSRF_COOKIE];
  if (!csrf) {
    csrf = randomBytes(24).toString('base64url');
    reply?.header(
      'set-cookie',
      stringifySetCookie({ name: CSRF_COOKIE, value: csrf, path: '/', sameSite: 'strict', httpOnly: true }),
    );
  }
  const url = new URL(request.url, 'http://localhost');
  url.searchParams.delete('lang');
  const actor = request.actor as Actor | null;
  const user = actor?.userId ? { username: actor.username ?? String(actor.userId), role: actor.role } : null;
  return { lang, t: translator(lang), path: url.pathname + url.search, user, csrf };
}

export function renderPage(node: VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}
