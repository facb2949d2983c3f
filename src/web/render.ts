import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { type Language, pickLanguage, type Translate, translator } from '../i18n/i18n.js';

export interface PageContext {
  lang: Language;
  t: Translate;
  /** The current path and query without lang, for the language switch. */
  path: string;
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
  const url = new URL(request.url, 'http://localhost');
  url.searchParams.delete('lang');
  return { lang, t: translator(lang), path: url.pathname + url.search };
}

export function renderPage(node: VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}
