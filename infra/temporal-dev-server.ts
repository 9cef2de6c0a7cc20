import { Connection } from '@temporalio/client';
import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { rememberOutput, spawnTiedToParent, stopChild, stopOrphan } from './child-process.ts';
import { latencyDynamicConfig } from './temporal-latency-config.ts';

export interface DevServer {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  cliPath: string;
  /** Where the SQLite file lives; absent: in memory (tests). */
  dataDir?: string;
  port: number;
  uiPort?: number;
  namespace: string;
  logger: Logger;
  startTimeoutMs?: number;
}

/**
 * Runs the Temporal CLI's dev server as a child process. With a data directory its SQLite file (in WAL
 * mode) keeps workflows across restarts. Not @temporalio/testing's local environment: `switchboard dev` runs
 * this too, and here the server dies with its parent even on SIGKILL and an orphan of a crashed run is stopped.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const log = options.logger.child({ component: 'temporal-dev-server' });
  const pidFile = options.dataDir ? join(options.dataDir, 'temporal-dev-server.pid') : undefined;
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  if (pidFile) await stopOrphan(pidFile, 'start-dev', log);

  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--namespace', options.namespace,
    '--log-format', 'json', '--log-level', 'warn'];
  if (options.dataDir) {
    args.push('--db-filename', join(options.dataDir, 'temporal.sqlite'));
    // WAL lets readers and the writer proceed together; NORMAL sync is safe with WAL and much faster.
    for (const pragma of ['journal_mode=wal', 'synchronous=normal', 'busy_timeout=5000']) args.push('--sqlite-pragma', pragma);
  }
  for (const [key, value] of Object.entries(latencyDynamicConfig)) args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');

  const child = await spawnTiedToParent(options.cliPath, args, pidFile);
  const recent = rememberOutput(child, (line) => log.debug(line));

  const address = `127.0.0.1:${options.port}`;
  try {
    await waitUntilServing(child, address, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`the Temporal dev server did not start: ${(error as Error).message}; last output: ${recent.slice(-3).join(' | ')}`);
  }
  return {
    address,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    stop: () => stopChild(child, pidFile),
  };
}

export async function waitUntilServing(child: ChildProcess, address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `it exited (${signal ?? code})`));
  while (Date.now() < deadline) {
    if (exited) throw new Error(exited);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch {
      await delay(200);
    }
  }
  throw new Error(`no answer on ${address} within ${timeoutMs} ms`);
}
