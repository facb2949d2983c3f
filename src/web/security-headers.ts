import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's headers, worked out once. (@fastify/helmet builds helmet's middleware again for every
 * request, which cost about a tenth of the throughput of a cheap route.)
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader() {},
  };
  let failure: Error | undefined;
  // helmet only calls setHeader/removeHeader and never looks at the request.
  const request = Object.create(null) as IncomingMessage;
  helmet(options)(request, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) failure = error instanceof Error ? error : new Error('helmet refused its options');
  });
  if (failure) throw failure;
  return headers;
}

/** helmet's defaults everywhere; Swagger UI at /docs also needs inline scripts and styles. */
export function registerSecurityHeaders(app: FastifyInstance): void {
  // upgrade-insecure-requests would break a deployment served over plain HTTP on a LAN; a TLS
  // front end can add it.
  const strict = securityHeaders({ contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } } });
  const docs = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'", "'unsafe-inline'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'upgrade-insecure-requests': null,
      },
    },
  });
  // JSON answers are never rendered: they need only the headers that stop sniffing and framing.
  const api = {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
  };
  app.addHook('onRequest', (request, reply, done) => {
    const url = request.url;
    reply.headers(url.startsWith('/api/') ? api : url.startsWith('/docs') ? docs : strict);
    done();
  });
}
