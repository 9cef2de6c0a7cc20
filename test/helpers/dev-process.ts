import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface DevProcess {
  child: ChildProcess;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

/** Runs `switchboard <command> [args]` the way a user would, as a child process of this Node. */
export function runSwitchboard(command: string | string[], env: NodeJS.ProcessEnv): DevProcess {
  const child = spawn(process.execPath, ['cli.ts', ...[command].flat()], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let [stdout, stderr] = ['', ''];
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Resolves with the log record once a JSON log line with this message appears; rejects if the process exits first. */
export function waitForLog(process: DevProcess, message: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: process.child.stdout! });
    lines.on('line', (line) => {
      try {
        const record = JSON.parse(line) as Record<string, unknown>;
        if (record.msg === message) resolve(record);
      } catch {
        // not a log record
      }
    });
    process.exited.then((code) => reject(new Error(`switchboard exited (${code}) before logging "${message}": ${process.stderr()}`)));
  });
}
