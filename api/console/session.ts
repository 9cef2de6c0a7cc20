import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * The console's session is the API key itself, in a cookie the page's scripts cannot read (HttpOnly) and that
 * no other site's request carries (SameSite=Strict), beside a random session id. Forms also carry a token
 * derived from both, checked on every POST: a forged form has neither. Nothing is stored on the server, so any
 * API process serves any session, and a revoked key ends its sessions at once.
 */
export interface Session {
  key: string;
  id: string;
}

export interface SessionCookies {
  read(req: Request): Session | undefined;
  start(res: Response, key: string): Session;
  end(res: Response): void;
  csrfToken(session: Session): string;
  checkCsrf(session: Session, token: unknown): boolean;
}

/** Secure (and the __Host- prefix, which pins it to this host) when the console is served over https. */
export function sessionCookies(options: { secure: boolean }): SessionCookies {
  const name = options.secure ? '__Host-sb_console' : 'sb_console';
  const attributes = { httpOnly: true, sameSite: 'strict' as const, secure: options.secure, path: '/' };
  const csrfToken = (session: Session) => createHmac('sha256', session.key).update(`console-csrf:${session.id}`).digest('base64url');
  return {
    read(req) {
      const value = readCookie(req.get('cookie'), name);
      const dot = value?.indexOf('.') ?? -1;
      return value && dot > 0 ? { id: value.slice(0, dot), key: value.slice(dot + 1) } : undefined;
    },
    start(res, key) {
      const session = { id: randomBytes(16).toString('base64url'), key };
      res.cookie(name, `${session.id}.${key}`, attributes);
      return session;
    },
    end(res) {
      res.clearCookie(name, attributes);
    },
    csrfToken,
    checkCsrf(session, token) {
      if (typeof token !== 'string') return false;
      const expected = Buffer.from(csrfToken(session));
      const given = Buffer.from(token);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(pair.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
