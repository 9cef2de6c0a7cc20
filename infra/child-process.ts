import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';

const SETPRIV = '/usr/bin/setpriv';

/**
 * Spawns a helper server (the Temporal dev server, Mailpit) that must not outlive Switchboard. Where
 * util-linux's setpriv exists, the kernel stops it when its parent dies, however it dies (SIGKILL included);
 * elsewhere the pid file cleans up on the next start (stopOrphan).
 */
export async function spawnTiedToParent(path: string, args: string[], pidFile?: string): Promise<ChildProcess> {
  const setpriv = await access(SETPRIV, constants.X_OK).then(() => true, () => false);
  const child = setpriv
    ? spawn(SETPRIV, ['--pdeathsig', 'TERM', path, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (pidFile && child.pid) await writeFile(pidFile, String(child.pid));
  return child;
}

/** Keeps the last lines a child printed (for the error when it fails to start), passing each to `log`. */
export function rememberOutput(child: ChildProcess, log: (line: string) => void, keep = 20): string[] {
  const recent: string[] = [];
  const remember = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      recent.push(line);
      if (recent.length > keep) recent.shift();
      log(line);
    }
  };
  child.stdout?.on('data', remember);
  child.stderr?.on('data', remember);
  return recent;
}

/** SIGTERM, then SIGKILL after 10 s; resolves once it exited. Removes its pid file. */
export async function stopChild(child: ChildProcess, pidFile?: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
  if (pidFile) await rm(pidFile, { force: true });
}

/** A helper left behind by a killed Switchboard would hold its port and files: stop it if its command line still says `marker`. */
export async function stopOrphan(pidFile: string, marker: string, log: Logger): Promise<void> {
  const pid = Number(await readFile(pidFile, 'utf8').catch(() => ''));
  if (!pid) return;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes(marker)) return;
  log.warn({ pid }, 'stopping a process left running by an earlier Switchboard process');
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')); i++) await delay(100);
}
