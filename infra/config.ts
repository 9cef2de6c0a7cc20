import { resolve } from 'node:path';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalText = z.string().trim().min(1).optional();
const port = (fallback: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0).max(65535, 'must be at most 65535').default(fallback);
const url = (protocols: string[]) =>
  z.url({ error: 'must be a URL' }).refine((value) => protocols.includes(new URL(value).protocol), {
    error: `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  });
const count = (fallback: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').default(fallback);
const seconds = (fallback: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').default(fallback);
const secret = z.string().min(16, 'must be at least 16 characters').optional();

/** Every environment variable Switchboard reads, in one place (docs/api.md, "Environment"; the README lists the defaults). */
export const configSchema = z.object({
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('switchboard'),
  TEMPORAL_CLI_PATH: optionalText,
  TEMPORAL_DEV_PORT: port(7233),
  TEMPORAL_DEV_UI_PORT: port(8233),
  PORT: port(3000),
  CARRIER_WEBHOOK_SECRET: secret,
  CARRIER_API_URL: url(['http:', 'https:']).optional(),
  CARRIER_API_SECRET: secret,
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).default('Switchboard <switchboard@localhost>'),
  PLATFORM_ADMIN_KEY: secret,
  LOG_LEVEL: z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional(),
  DATA_DIR: z.string().min(1).default('data'),
  PUBLIC_BASE_URL: url(['http:', 'https:']).optional(),
  // Real carriers (docs/carriers.md): REST bases, and deployment-wide accounts for organizations without their own.
  TWILIO_API_URL: url(['http:', 'https:']).default('https://api.twilio.com'),
  TELNYX_API_URL: url(['http:', 'https:']).default('https://api.telnyx.com'),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits').optional(),
  TWILIO_AUTH_TOKEN: optionalText,
  TELNYX_API_KEY: optionalText,
  TELNYX_PUBLIC_KEY: z.string().refine((key) => Buffer.from(key, 'base64').length === 32, 'must be the base64 of a 32-byte Ed25519 public key').optional(),
  TELNYX_CONNECTION_ID: optionalText,
  // Rate limits per RATE_LIMIT_WINDOW_SEC (0 = off): generous enough for carrier bursts and bulk set-up.
  RATE_LIMIT_WINDOW_SEC: seconds(60),
  RATE_LIMIT_PER_ADDRESS: count(60_000),
  RATE_LIMIT_PER_KEY: count(30_000),
  RATE_LIMIT_AUTH_FAILURES: count(300),
  // How long a client may take to send its headers, and its whole request (body included).
  HTTP_HEADERS_TIMEOUT_SEC: seconds(10),
  HTTP_REQUEST_TIMEOUT_SEC: seconds(30),
  // Workflows the worker keeps in memory between their tasks (0: none); one not kept replays its history at its
  // next task. Each kept ringing call costs ~0.3 MB of RSS (0.28–0.31 MB in `npm run bench`). 1,000 holds a
  // busy worker's live calls: capped at 250 with 1,000 ringing, RSS fell only ~150 MB while replays made
  // workflow tasks time out (issue 13 notes). The SDK's own default grows with the heap limit (~2,400 here),
  // past what one worker should hold.
  WORKER_CACHED_WORKFLOWS: count(1000),
  // Every N seconds log the process's memory: RSS, V8 heap used and total, outside the heap (0 = never).
  MEMORY_LOG_SEC: count(0),
}).refine((config) => config.HTTP_HEADERS_TIMEOUT_SEC <= config.HTTP_REQUEST_TIMEOUT_SEC, {
  path: ['HTTP_HEADERS_TIMEOUT_SEC'], error: 'must not exceed HTTP_REQUEST_TIMEOUT_SEC',
});

export type Config = Omit<z.infer<typeof configSchema>, 'DATA_DIR'> & { DATA_DIR: string };

export class ConfigError extends Error {}

/** Reads the environment once. Throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // An empty variable means "not set", as in most twelve-factor tooling.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    const shown = name.includes('SECRET') || name.includes('KEY') ? '' : ` (got ${JSON.stringify(present[name])})`;
    throw new ConfigError(`invalid configuration: ${name} ${issue.message}${shown}`);
  }
  return { ...parsed.data, DATA_DIR: resolve(parsed.data.DATA_DIR) };
}
