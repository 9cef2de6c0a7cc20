// Call load: Switchboard against the baseline (bench/baseline), side by side in one run, each as separate API
// and worker processes, against a local native carrier. For each setting (dev server or real Temporal server;
// PostgreSQL or the embedded defaults) it plays whole call lifecycles at 1, 10, 20 and 50 in flight, the two
// stacks taking turns level by level (at 1 in flight also where the first ring spent its time, read from each
// call's workflow history), then rings many calls at once to read each worker's memory. Reports its
// figures through bench/figures.ts; asserts nothing. --quick: tiny sizes (a check that every part runs).
// Arguments: USAGE below (`--help` prints it).
import { Client, Connection } from '@temporalio/client';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { buildBaselineBundle } from './baseline/bundle.ts';
import { reportFigure, type Figure, type FigureSetting } from './figures.ts';
import { hangUpAll, ringMany, runLevel, type LevelResult } from './load/drive.ts';
import type { ServiceRole } from './load/service-process.ts';
import { firstRingPhases, type FirstRingPhases } from './load/first-ring-phases.ts';
import { settingNames, startEnvironment, type Environment, type SettingName } from './load/environments.ts';
import { startBaseline, startSwitchboard, type SwitchboardLines, type Target } from './load/targets.ts';
import { provideBenchDatabase } from './postgres.ts';
import { percentile } from './stats.ts';

const USAGE = 'node bench/call-load.ts [--quick] [--settings dev-postgres,dev-embedded,real-postgres] [--rounds 4] [--min-calls 30] [--ringing 1000] [--after-sec 60] [--keep]';
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' }, settings: { type: 'string' }, rounds: { type: 'string' }, 'min-calls': { type: 'string' },
    ringing: { type: 'string' }, 'after-sec': { type: 'string' }, keep: { type: 'boolean' }, help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const quick = values.quick ?? false;
const settings = (values.settings?.split(',') ?? settingNames) as SettingName[];
const unknown = settings.filter((s) => !settingNames.includes(s));
if (unknown.length) throw new Error(`unknown setting ${unknown.join(', ')}; there are ${settingNames.join(', ')}`);
const LEVELS = [1, 10, 20, 50];
// Each lane plays `rounds` calls; at 1 in flight that is too few for a percentile, hence the floor.
const rounds = Number(values.rounds ?? (quick ? 1 : 4));
const minCalls = Number(values['min-calls'] ?? (quick ? 3 : 30));
const ringing = Number(values.ringing ?? (quick ? 20 : 1000));
const afterSec = Number(values['after-sec'] ?? (quick ? 3 : 60));
const RING_CONCURRENCY = 50;
// The calls are read twice while they ring: as the last one rings, and this long after, once V8's memory reducer
// (which starts 8 s after a burst of allocation) has collected what starting them left behind.
const SETTLE_SEC = quick ? 2 : 20;
// Where the first ring spends its time, one call at a time (under load each phase is mostly queueing).
const PHASES: [keyof FirstRingPhases, string][] = [
  ['pickedUp', 'first ring, webhook → its workflow task picked up p50'],
  ['inWorker', 'first ring, that workflow task in the worker p50'],
  ['toCarrier', 'first ring, workflow task done → ring at the carrier p50'],
];

const began = Date.now();
const progress = (message: string) => console.error(`[${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] call-load: ${message}`);

const runDir = await mkdtemp(join(tmpdir(), 'switchboard-call-load-'));
// The real server's own PostgreSQL runs as the postgres user, which must reach its folder inside this one.
await chmod(runDir, 0o755);
const database = await provideBenchDatabase();
const bundlePath = await buildBaselineBundle(join(runDir, 'baseline-workflows.js'));
// Lines set up on PostgreSQL serve every setting on it (the embedded database is the dev process's own).
let postgresLines: SwitchboardLines | undefined;
try {
  // A setting that fails is reported and the others still run; the exit code tells the runner.
  const measure = (name: SettingName) => measureSetting(name).catch((error: unknown) => {
    progress(`${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
  });
  // One at a time: the PostgreSQL settings share a database, and with it the API's workflow outbox.
  for (const name of settings) await measure(name);
} finally {
  await database.drop().catch(() => undefined);
  if (!values.keep) await rm(runDir, { recursive: true, force: true });
  else progress(`logs kept in ${runDir}`);
}

async function measureSetting(name: SettingName): Promise<void> {
  progress(`${name}: starting Temporal${name.endsWith('postgres') ? ` (Switchboard on ${database.description})` : ''}`);
  const dir = join(runDir, name);
  await mkdir(dir, { recursive: true });
  const env = await startEnvironment(name, dir, database.url);
  const stops: (() => Promise<unknown>)[] = [() => env.stop()];
  try {
    const connection = await Connection.connect({ address: env.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: 'default' });
    const lanes = Math.max(...LEVELS);
    progress(`${name}: starting Switchboard and the baseline${env.database === 'postgres' && postgresLines ? '' : `, setting up ${lanes + 1} lines`}`);
    const switchboard = await startSwitchboard({ env, runDir: dir, lanes, lines: env.database === 'postgres' ? postgresLines : undefined });
    if (env.database === 'postgres') postgresLines ??= switchboard;
    stops.push(() => switchboard.stop());
    const baseline = await startBaseline({ env, runDir: dir, lanes, bundlePath });
    stops.push(() => baseline.stop());
    const pair = [switchboard, baseline] as const;
    for (const target of pair) await runLevel(target, client, 1, quick ? 1 : 5);

    const setting = (concurrency?: number, detail?: string): FigureSetting => ({ temporal: env.temporal, database: env.database, ...(concurrency ? { concurrency } : {}), ...(detail ? { detail } : {}) });
    for (const [i, level] of LEVELS.entries()) {
      const calls = Math.max(minCalls, level * rounds);
      const results = new Map<Target, LevelResult>();
      const cpuPerCall = new Map<Target, Map<ServiceRole, number>>();
      // The stacks take turns, and which goes first alternates, so neither always meets a warmer machine.
      for (const target of i % 2 ? [...pair].reverse() : pair) {
        progress(`${name}: ${calls} lifecycles, ${level} in flight: ${target.name}`);
        const cpuBefore = await cpuMs(target);
        const result = await runLevel(target, client, level, calls);
        results.set(target, result);
        const cpuAfter = await cpuMs(target);
        cpuPerCall.set(target, new Map([...cpuAfter].map(([role, ms]) => [role, (ms - cpuBefore.get(role)!) / calls])));
      }
      const [ours, theirs] = [results.get(switchboard)!, results.get(baseline)!];
      const figure = (f: Omit<Figure, 'setting'>) => reportFigure({ ...f, setting: setting(level) });
      figure({ name: 'webhook → 202 p99', unit: 'ms', better: 'lower', value: percentile(ours.accepted, 99), baseline: percentile(theirs.accepted, 99), ...(level === 1 || level === 20 ? { target: { ratio: 1.25 } } : {}) });
      if (level !== 20) figure({ name: 'webhook → first ring p50', unit: 'ms', better: 'lower', value: percentile(ours.firstRing, 50), baseline: percentile(theirs.firstRing, 50), target: { ratio: 1.3 } });
      if (level === 50) {
        figure({ name: 'full call lifecycles per second', unit: '/s', better: 'higher', value: ours.perSecond, baseline: theirs.perSecond, target: { ratio: 0.6 } });
        // What bounds the lifecycles on two cores: the work each call costs (PostgreSQL's and Temporal's not counted).
        const [mine, base] = [cpuPerCall.get(switchboard)!, cpuPerCall.get(baseline)!];
        const total = (each: Map<ServiceRole, number>) => [...each.values()].reduce((sum, ms) => sum + ms, 0);
        figure({ name: 'CPU per call lifecycle, API and worker processes', unit: 'ms', better: 'lower', value: total(mine), baseline: total(base) });
        // Where both stacks run an API and a worker process, which of the two the difference is in.
        for (const role of ['worker', 'api'] as const) {
          if (mine.has(role) && base.has(role)) figure({ name: `CPU per call lifecycle, ${role === 'api' ? 'API' : 'worker'} process`, unit: 'ms', better: 'lower', value: mine.get(role)!, baseline: base.get(role)! });
        }
      }
      if (level === 1) await reportPhases(client, ours, theirs, figure);
    }
    await measureMemory(env, client, switchboard, baseline, setting);
  } finally {
    for (let stop = stops.pop(); stop; stop = stops.pop()) await stop().catch((error: unknown) => progress(`while stopping: ${String(error)}`));
  }
}

/** CPU each of the target's processes has used so far, in ms, by its role. */
async function cpuMs(target: Target): Promise<Map<ServiceRole, number>> {
  return new Map(await Promise.all(target.processes().map(async (p) => [p.role, await p.cpuMs()] as const)));
}

/** The first ring's phases at 1 in flight, from each call's workflow history. */
async function reportPhases(client: Client, ours: LevelResult, theirs: LevelResult, figure: (f: Omit<Figure, 'setting'>) => void): Promise<void> {
  const [mine, base] = await Promise.all([firstRingPhases(client, ours.calls), firstRingPhases(client, theirs.calls)]);
  for (const [phase, name] of PHASES) {
    figure({ name, unit: 'ms', better: 'lower', value: percentile(mine.map((p) => p[phase]), 50), baseline: percentile(base.map((p) => p[phase]), 50) });
  }
}

/** Each worker afresh: idle, with `ringing` calls ringing (as the last rings, and SETTLE_SEC later), and `afterSec` after they were hung up and closed. */
async function measureMemory(env: Environment, client: Client, switchboard: Target, baseline: Target, setting: (c?: number, d?: string) => FigureSetting): Promise<void> {
  const memory = new Map<Target, { idle: number; ringing: number; settled: number; endedAt: number; after?: number }>();
  for (const target of [switchboard, baseline]) {
    // --quick reads the worker as the lifecycles left it; a full run starts it afresh and plays a few calls first,
    // so the idle figure is a worker that has loaded its workflow code, as any serving worker has.
    if (!quick) {
      progress(`${env.temporal}-${env.database}: memory: restarting the ${target.name} worker`);
      await target.restartWorker();
      await runLevel(target, client, 1, 3);
    }
    memory.set(target, { idle: await target.memoryProcess().rssMb(), ringing: 0, settled: 0, endedAt: 0 });
  }
  for (const target of [switchboard, baseline]) {
    progress(`${env.temporal}-${env.database}: memory: ${ringing} calls ringing on ${target.name}`);
    const callIds = await ringMany(target, ringing, RING_CONCURRENCY);
    const figures = memory.get(target)!;
    figures.ringing = await target.memoryProcess().rssMb();
    progress(`${env.temporal}-${env.database}: memory: ${target.name} at ${figures.ringing.toFixed(0)} MB; still ringing ${SETTLE_SEC} s`);
    // The ring line's calls ring for as long as the policy allows (RING_AND_HOLD, bench/load/targets.ts), well past this.
    await delay(SETTLE_SEC * 1000);
    figures.settled = await target.memoryProcess().rssMb();
    progress(`${env.temporal}-${env.database}: memory: ${target.name} at ${figures.settled.toFixed(0)} MB; hanging up`);
    await hangUpAll(target, client, callIds, RING_CONCURRENCY);
    figures.endedAt = Date.now();
  }
  for (const target of [switchboard, baseline]) {
    const figures = memory.get(target)!;
    const wait = figures.endedAt + afterSec * 1000 - Date.now();
    progress(`${env.temporal}-${env.database}: memory: ${target.name}, ${afterSec} s after its calls ended`);
    if (wait > 0) await delay(wait);
    figures.after = await target.memoryProcess().rssMb();
  }
  const [ours, theirs] = [memory.get(switchboard)!, memory.get(baseline)!];
  const processName = env.database === 'embedded' ? 'the switchboard dev process' : 'worker process';
  reportFigure({ name: 'worker RSS idle, before the calls', setting: setting(undefined, processName), unit: 'MB', better: 'lower', value: ours.idle, baseline: theirs.idle });
  const calls = `${ringing.toLocaleString('en')} calls`;
  reportFigure({ name: 'worker RSS with calls ringing', setting: setting(undefined, `${calls}, as the last one rang; ${processName}`), unit: 'MB', better: 'lower', value: ours.ringing, baseline: theirs.ringing, target: { max: 400 } });
  reportFigure({ name: 'worker RSS with calls ringing, settled', setting: setting(undefined, `${calls}, ${SETTLE_SEC} s after the last one rang; ${processName}`), unit: 'MB', better: 'lower', value: ours.settled, baseline: theirs.settled, target: { max: 400 } });
  // "Back near idle": within a quarter of its own idle figure.
  reportFigure({ name: 'worker RSS after the calls ended', setting: setting(undefined, `${afterSec} s after; ${processName}`), unit: 'MB', better: 'lower', value: ours.after!, baseline: theirs.after!, target: { max: Math.round(ours.idle * 1.25) } });
}
