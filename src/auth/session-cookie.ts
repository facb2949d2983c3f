import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'xy_session';

/** The session token the browser sent, if any. */
export function sessionToken(request: FastifyRequest): string | null {
  const cookie = request.headers.cookie;
  return (cookie ? parseCookie(cookie)[SESSION_COOKIE] : undefined) ?? null;
}

/** Sets the session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS), or clears it when expires is null. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expires: Date | null,
): void {
  reply.header(
    'set-cookie',
    stringifySetCookie({
      name: SESSION_COOKIE,
      value: token,
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      ...(expires ? { expires } : { maxAge: 0 }),
    }),
  );
}
