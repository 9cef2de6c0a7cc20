import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { repoRoot } from '../helpers/dev-process.ts';

const SETPRIV = '/usr/bin/setpriv';

/**
 * One `switchboard api` or `switchboard worker` process, started as a user would start it, that can be
 * killed with SIGKILL and started again with the same environment (an API keeps its port). Its output goes
 * to a log file; only the "switchboard ready" line is looked for. A process that exits by itself is
 * restarted, as docker-compose's `restart: unless-stopped` does in production, and the crash is kept
 * (its last lines of output) for the run's table.
 */
export class SwitchboardProcess {
  readonly name: string;
  private readonly role: 'api' | 'worker';
  private readonly env: NodeJS.ProcessEnv;
  private readonly log: WriteStream;
  private child?: ChildProcess;
  private exited?: Promise<void>;
  /** Set while this suite kills or stops the process: that exit is no crash. */
  private exitExpected = false;
  /** Crashes, each as when it happened (seconds since the process was first started) and its last output. */
  readonly crashes: string[] = [];
  private firstStart = 0;
  /** Once it has been ready, a process that exits by itself is restarted. */
  private supervised = false;

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
    this.exitExpected = false;
    this.firstStart ||= Date.now();
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stderr!.pipe(this.log, { end: false });
    // The last lines a crash prints (an uncaught error's message and stack) say what brought it down.
    const lastLines: string[] = [];
    createInterface({ input: child.stderr! }).on('line', (line) => lastLines.push(line) > 12 && lastLines.shift());
    child.once('exit', (code, signal) => {
      if (this.exitExpected || this.child !== child || !this.supervised) return;
      const at = ((Date.now() - this.firstStart) / 1000).toFixed(0);
      const cause = lastLines.filter((l) => /Error|error:/.test(l)).slice(0, 2).join(' ').trim() || `exit ${signal ?? code}`;
      this.crashes.push(`${this.name} at ${at} s: ${cause}`);
      // Started again a second later, and again after every failed start (each is counted), until it stays up.
      setTimeout(() => void this.start().catch(() => undefined), 1000);
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} not ready after ${timeoutMs} ms`)), timeoutMs);
      let ready = false;
      createInterface({ input: child.stdout! }).on('line', (line) => {
        this.log.write(`${line}\n`);
        if (!ready && line.includes('"msg":"switchboard ready"')) {
          ready = true;
          this.supervised = true;
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
    this.exitExpected = true;
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (the process drains), then SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    this.exitExpected = true;
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
