import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

/** What the figures were measured on: they mean little without it. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  /** The 1-minute load average when the run began: other work on the machine skews every figure. */
  loadAtStart: number;
  date: string;
  commit: string;
}

export function describeMachine(): Machine {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  const commit = git('rev-parse', '--short', 'HEAD') || 'unknown';
  const dirty = git('status', '--porcelain', '--untracked-files=no') ? ' (with uncommitted changes)' : '';
  return {
    cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version,
    loadAtStart: Number(loadavg()[0]!.toFixed(2)), date: new Date().toISOString(), commit: `${commit}${dirty}`,
  };
}

export function machineText(machine: Machine): string {
  return `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB; Node ${machine.node}; load average ${machine.loadAtStart} at the start; ` +
    `${machine.date.slice(0, 16).replace('T', ' ')} UTC; commit ${machine.commit}`;
}
