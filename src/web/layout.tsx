import type { ComponentChildren } from 'preact';
import { PostButton } from './components.js';
import type { PageContext } from './render.js';

export function withLang(path: string, lang: string): string {
  const url = new URL(path, 'http://localhost');
  url.searchParams.set('lang', lang);
  return url.pathname + url.search;
}

export function SearchBox({ page, q = '', large = false }: { page: PageContext; q?: string; large?: boolean }) {
  const { t } = page;
  return (
    <form class={large ? 'search search-large' : 'search'} action="/search" method="get" role="search">
      <input
        type="search"
        name="q"
        value={q}
        placeholder={t('search.placeholder')}
        aria-label={t('search.placeholder')}
        maxLength={100}
        required
        autofocus={large}
      />
      <button type="submit">{t('search.button')}</button>
    </form>
  );
}

export function Layout({
  page,
  title,
  children,
  headerSearch,
}: {
  page: PageContext;
  title?: string;
  children: ComponentChildren;
  headerSearch?: string | undefined;
}) {
  const { t, lang } = page;
  const other = lang === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title ? `${title} · ${t('app.full_name')}` : t('app.full_name')}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <header class="topbar">
          <div class="wrap topbar-inner">
            <a class="brand" href="/">
              <span class="brand-mark">信</span>
              <span class="brand-text">
                <strong>{t('app.name')}</strong>
                <small>{t('app.full_name')}</small>
              </span>
            </a>
            {headerSearch !== undefined && <SearchBox page={page} q={headerSearch} />}
            <nav class="nav">
              <a href="/">{t('nav.home')}</a>
              <a href="/docs">{t('nav.api')}</a>
              {page.user ? (
                <>
                  {page.user.role === 'admin' && (
                    <>
                      <a href="/admin/users">{t('nav.users')}</a>
                      <a href="/admin/keys">{t('nav.keys')}</a>
                    </>
                  )}
                  {(page.user.role === 'admin' || page.user.role === 'operator') && (
                    <a href="/admin/audit">{t('nav.audit')}</a>
                  )}
                  <a href="/account">{page.user.username}</a>
                  <PostButton action="/logout" csrf={page.csrf} label={t('nav.logout')} />
                </>
              ) : (
                <a href="/login">{t('nav.login')}</a>
              )}
              <a class="lang-switch" href={withLang(page.path, other)} hreflang={other}>
                {t('nav.language')}
              </a>
            </nav>
          </div>
        </header>
        <main class="wrap">{children}</main>
        <footer class="footer">
          <div class="wrap">
            <p>
              {t('footer.about')} <a href="/docs">{t('nav.api')}</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
