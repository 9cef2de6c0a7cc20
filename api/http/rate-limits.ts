import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit } from 'express-rate-limit';
import { hashKey } from './auth.ts';
import { HttpProblem, sendProblem } from './problem.ts';

/** Requests allowed per window; 0 turns that limit off. */
export interface RateLimits {
  windowSec: number;
  /** Every request from one source address. */
  perAddress: number;
  /** Every request presenting one API key (known or not). */
  perKey: number;
  /** Answers of 401 (missing or wrong key, bad webhook signature) to one source address: key guessing. */
  authFailures: number;
}

const addressOf = (req: Request) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
const bearerToken = (req: Request) => /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];

function tooManyRequests(res: Response, retryAfterSec: number, what: string): void {
  sendProblem(res, new HttpProblem(429, 'Too Many Requests', `Too many ${what}; retry after ${retryAfterSec} seconds.`, {
    headers: { 'Retry-After': String(retryAfterSec) },
  }));
}

const secondsUntil = (resetTime: Date | undefined, windowSec: number) =>
  resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : windowSec;

/** The rate limits, in the order they are checked: cheapest first, all before a body is read or a key looked up. */
export function rateLimiters(limits: RateLimits): RequestHandler[] {
  const windowMs = limits.windowSec * 1000;
  const limiter = (limit: number, what: string, keyGenerator: (req: Request) => string, skip?: (req: Request) => boolean) =>
    rateLimit({
      windowMs, limit, keyGenerator, skip, standardHeaders: 'draft-8', legacyHeaders: false,
      handler: (req, res) => tooManyRequests(res, secondsUntil((req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime, limits.windowSec), what),
    });
  const handlers: RequestHandler[] = [];
  if (limits.perAddress > 0) handlers.push(limiter(limits.perAddress, 'requests from this address', addressOf));
  if (limits.authFailures > 0) handlers.push(authFailureLimiter(limits.authFailures, windowMs));
  if (limits.perKey > 0) handlers.push(limiter(limits.perKey, 'requests with this API key', (req) => hashKey(bearerToken(req)!), (req) => !bearerToken(req)));
  return handlers;
}

/**
 * Counts only answers of 401 per address, and refuses that address once it has had too many. Unlike a
 * limiter with skipSuccessfulRequests, requests in flight do not count, so a burst of good requests is never refused.
 */
function authFailureLimiter(limit: number, windowMs: number): RequestHandler {
  const store = new MemoryStore();
  store.init({ windowMs } as Parameters<MemoryStore['init']>[0]);
  return async (req, res, next) => {
    const address = addressOf(req);
    const seen = await store.get(address);
    if (seen && seen.totalHits >= limit) return tooManyRequests(res, secondsUntil(seen.resetTime, windowMs / 1000), 'failed authentications from this address');
    res.on('finish', () => {
      if (res.statusCode === 401) void store.increment(address);
    });
    next();
  };
}
