import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const SETPRIV = '/usr/bin/setpriv';

/**
 * One process of a stack under load (Switchboard's `node cli.ts api|worker|dev`, or the baseline's), started as
 * a user would, logging to a file. Ready when it prints the `switchboard ready` line; its memory is read from
 * /proc, so the figure is the whole process's resident set, native Temporal core included.
 */
/** Which part of its stack a process is: the dev process on the embedded defaults is the worker and the API in one. */
export type ServiceRole = 'worker' | 'api' | 'dev';

export class ServiceProcess {
  readonly name: string;
  readonly role: ServiceRole;
  private readonly args: string[];
  private readonly env: NodeJS.ProcessEnv;
  private readonly log: WriteStream;
  private child?: ChildProcess;
  private exited?: Promise<void>;

  constructor(stack: 'switchboard' | 'baseline', role: ServiceRole, args: string[], env: NodeJS.ProcessEnv, logFile: string) {
    this.name = `${stack} ${role}`;
    this.role = role;
    this.args = args;
    this.env = env;
    this.log = createWriteStream(logFile, { flags: 'a' });
  }

  start(timeoutMs = 180_000): Promise<void> {
    // Where setpriv exists the kernel stops the process should the benchmark die (it execs node: same pid).
    const command = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'TERM', process.execPath] : [process.execPath];
    const child = spawn(command[0]!, [...command.slice(1), ...this.args], { cwd: repoRoot, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stderr!.pipe(this.log, { end: false });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} not ready after ${timeoutMs} ms; see ${this.log.path}`)), timeoutMs);
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
        if (!ready) reject(new Error(`${this.name} exited (${signal ?? code}) before it was ready; see ${this.log.path}`));
      });
    });
  }

  /** The process's resident set (VmRSS) in MB. */
  async rssMb(): Promise<number> {
    const status = await readFile(`/proc/${this.child!.pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
    if (!Number.isFinite(kb)) throw new Error(`no VmRSS for ${this.name}`);
    return kb / 1024;
  }

  /**
   * CPU the process has used so far, user and system, in ms (all its threads: the workflow threads, Temporal's
   * core and libuv's pool too). /proc gives clock ticks in USER_HZ, which Linux fixes at 100 a second.
   */
  async cpuMs(): Promise<number> {
    const stat = await readFile(`/proc/${this.child!.pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
    const [utime, stime] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 13).map(Number);
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`no CPU times for ${this.name}`);
    return (utime! + stime!) * 10;
  }

  /** SIGTERM (the process drains), then SIGKILL after `graceMs`; closes its log. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      const force = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
      this.child.kill('SIGTERM');
      await this.exited;
      clearTimeout(force);
    }
    this.log.end();
  }
}
