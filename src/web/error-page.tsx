import type { FastifyRequest } from 'fastify';
import type { AppError } from '../errors.js';
import { Layout } from './layout.js';
import { pageContext, renderPage } from './render.js';

export function renderErrorPage(request: FastifyRequest, error: AppError): string {
  const page = pageContext(request);
  const { t } = page;
  const heading =
    error.status === 404 ? t('errors.not_found') : error.status >= 500 ? t('errors.server') : t('errors.invalid');
  return renderPage(
    <Layout page={page} title={t('errors.title')} headerSearch="">
      <section class="panel error-panel">
        <p class="error-status">{error.status}</p>
        <h1>{heading}</h1>
        {error.status < 500 && (
          <ul class="error-details">
            {(error.details.length > 0 ? error.details : [{ message: error.message }]).map((d) => (
              <li>{d.message}</li>
            ))}
          </ul>
        )}
        <p>
          <a href="/">{t('errors.home')}</a>
        </p>
      </section>
    </Layout>,
  );
}
