import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { rememberOutput, spawnTiedToParent, stopChild, stopOrphan } from './child-process.ts';
import { GoBuildFailed, provideGoBinary } from './go-binary.ts';
import { findFreePort } from './ports.ts';

export const mailpitTool = { binary: 'mailpit', module: 'github.com/axllent/mailpit@v1.27.11', label: 'Mailpit (the mail viewer)' };

export interface Mailpit {
  smtpUrl: string;
  /** Its web UI; its REST API is under /api/v1. */
  uiUrl: string;
  stop(): Promise<void>;
}

/**
 * The embedded mail catcher: Mailpit on free loopback ports, its messages kept in the data directory so
 * they survive a restart like everything else. Undefined when it cannot be had (no Go to build it, or the
 * build failed): the caller falls back to .eml files.
 */
export async function startEmbeddedMailpit(options: { dataDir: string; logger: Logger; env?: NodeJS.ProcessEnv }): Promise<Mailpit | undefined> {
  const log = options.logger.child({ component: 'mailpit' });
  const binary = await provideGoBinary(mailpitTool, { logger: log, env: options.env }).catch((error: unknown) => {
    if (!(error instanceof GoBuildFailed)) throw error;
    log.warn({ reason: error.message }, 'no mail viewer: emails are written as .eml files instead');
    return undefined;
  });
  if (!binary) {
    log.info('Go is not installed, so Mailpit cannot be built: emails are written as .eml files instead');
    return undefined;
  }
  return startMailpit({ binary, dataDir: options.dataDir, logger: log });
}

export async function startMailpit(options: { binary: string; dataDir: string; logger: Logger; startTimeoutMs?: number }): Promise<Mailpit> {
  await mkdir(options.dataDir, { recursive: true });
  const pidFile = join(options.dataDir, 'mailpit.pid');
  await stopOrphan(pidFile, 'mailpit', options.logger);
  const [smtpPort, uiPort] = [await findFreePort(), await findFreePort()];
  const child = await spawnTiedToParent(options.binary, [
    '--smtp', `127.0.0.1:${smtpPort}`, '--listen', `127.0.0.1:${uiPort}`, '--database', join(options.dataDir, 'mailpit.db'),
    '--disable-version-check', '--quiet',
  ], pidFile);
  const recent = rememberOutput(child, (line) => options.logger.debug(line));
  const uiUrl = `http://127.0.0.1:${uiPort}`;
  try {
    await waitUntilReady(child, uiUrl, options.startTimeoutMs ?? 20_000);
  } catch (error) {
    await stopChild(child, pidFile);
    throw new Error(`Mailpit did not start: ${(error as Error).message}; last output: ${recent.slice(-3).join(' | ')}`);
  }
  return { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, uiUrl, stop: () => stopChild(child, pidFile) };
}

async function waitUntilReady(child: ChildProcess, uiUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `it exited (${signal ?? code})`));
  while (Date.now() < deadline) {
    if (exited) throw new Error(exited);
    const ready = await fetch(`${uiUrl}/readyz`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
    if (ready) return;
    await delay(100);
  }
  throw new Error(`no answer on ${uiUrl} within ${timeoutMs} ms`);
}
