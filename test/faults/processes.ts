import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { repoRoot } from '../helpers/dev-process.ts';

const SETPRIV = '/usr/bin/setpriv';

/**
 * One `switchboard api` or `switchboard worker` process, started as a user would start it, that can be
 * killed with SIGKILL and started again with the same environment (an API keeps its port). Its output goes
 * to a log file; only the "switchboard ready" line is looked for.
 */
export class SwitchboardProcess {
  readonly name: string;
  private readonly role: 'api' | 'worker';
  private readonly env: NodeJS.ProcessEnv;
  private readonly log: WriteStream;
  private child?: ChildProcess;
  private exited?: Promise<void>;

  constructor(name: string, role: 'api' | 'worker', env: NodeJS.ProcessEnv, logFile: string) {
    this.name = name;
    this.role = role;
    this.env = env;
    this.log = createWriteStream(logFile, { flags: 'a' });
  }

  /** Resolves once the process logs that it is ready; rejects if it exits first or takes over `timeoutMs`. */
  start(timeoutMs = 120_000): Promise<void> {
    // Where setpriv exists the kernel stops the process should this suite die (it then execs node: same pid).
    const command = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'TERM', process.execPath] : [process.execPath];
    const child = spawn(command[0]!, [...command.slice(1), 'cli.ts', this.role], { cwd: repoRoot, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stderr!.pipe(this.log, { end: false });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} not ready after ${timeoutMs} ms`)), timeoutMs);
      let ready = false;
      createInterface({ input: child.stdout! }).on('line', (line) => {
        this.log.write(`${line}\n`);
        if (!ready && line.includes('"msg":"switchboard ready"')) {
          ready = true;
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (!ready) reject(new Error(`${this.name} exited (${signal ?? code}) before it was ready; see its log`));
      });
    });
  }

  /** kill -9: no shutdown hook runs, in-flight work is lost mid-way. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (the process drains), then SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    const force = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    this.child.kill('SIGTERM');
    await this.exited;
    clearTimeout(force);
  }

  close(): void {
    this.log.end();
  }
}
