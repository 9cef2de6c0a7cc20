import type { RateLimits } from '../api/http/rate-limits.ts';
import type { RequestTimeouts } from '../api/server.ts';
import { configSchema, type Config } from './config.ts';

type HttpLimitSettings = Pick<Config, 'RATE_LIMIT_WINDOW_SEC' | 'RATE_LIMIT_PER_ADDRESS' | 'RATE_LIMIT_PER_KEY' | 'RATE_LIMIT_AUTH_FAILURES' | 'HTTP_HEADERS_TIMEOUT_SEC' | 'HTTP_REQUEST_TIMEOUT_SEC'>;

/** The API's rate limits and request timeouts from the configuration (by default, its documented defaults). */
export function httpLimits(config: HttpLimitSettings = configSchema.parse({})): { rateLimits: RateLimits; timeouts: RequestTimeouts } {
  return {
    rateLimits: {
      windowSec: config.RATE_LIMIT_WINDOW_SEC, perAddress: config.RATE_LIMIT_PER_ADDRESS,
      perKey: config.RATE_LIMIT_PER_KEY, authFailures: config.RATE_LIMIT_AUTH_FAILURES,
    },
    timeouts: { headersMs: config.HTTP_HEADERS_TIMEOUT_SEC * 1000, requestMs: config.HTTP_REQUEST_TIMEOUT_SEC * 1000 },
  };
}
