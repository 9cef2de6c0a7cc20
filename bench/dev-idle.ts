// Resident memory of `switchboard dev` once it is up and idle: the Switchboard process (API, worker, PGlite),
// and with its children (the Temporal dev server, Mailpit) for the whole footprint. Issue 13's target is the
// process's own: under 400 MB.
//   node bench/dev-idle.ts [idleSec=30]
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { runSwitchboard, waitForLog } from '../test/helpers/dev-process.ts';
import { reportFigure } from './figures.ts';

const idleSec = Number(process.argv[2] ?? 30);

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** The process and every process below it. */
async function processTree(pid: number): Promise<number[]> {
  const tasks = await readdir(`/proc/${pid}/task`);
  const children = (await Promise.all(tasks.map((task) => readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => ''))))
    .join(' ').split(/\s+/).filter(Boolean).map(Number);
  return [pid, ...(await Promise.all(children.map(processTree))).flat()];
}

const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-idle-'));
// Port 0: dev binds what the OS gives it. A port picked here and bound seconds later can be taken meanwhile.
const env = {
  ...process.env, DATABASE_URL: '', TEMPORAL_ADDRESS: '', SMTP_URL: '', DATA_DIR: dataDir, PORT: '0',
  TEMPORAL_DEV_PORT: '0', TEMPORAL_DEV_UI_PORT: '0', LOG_FORMAT: 'json', PLATFORM_ADMIN_KEY: `sbp_${randomBytes(16).toString('hex')}`,
};
const dev = runSwitchboard('dev', env);
try {
  await waitForLog(dev, 'switchboard ready');
  // Idle as a developer leaves it: start-up garbage collected, timers and pollers running.
  await delay(idleSec * 1000);
  const pid = dev.child.pid!;
  const own = await rssMb(pid);
  const tree = await processTree(pid);
  const all = (await Promise.all(tree.map((p) => rssMb(p).catch(() => 0)))).reduce((a, b) => a + b, 0);
  console.log(`switchboard dev, idle ${idleSec} s after ready: ${own.toFixed(0)} MB RSS; ${all.toFixed(0)} MB with ${tree.length - 1} child process(es)`);
  reportFigure({ name: 'dev idle RSS', setting: { database: 'embedded', temporal: 'dev', detail: 'the dev process alone' }, unit: 'MB', value: Math.round(own), better: 'lower', target: { max: 400 } });
  reportFigure({ name: 'dev idle RSS', setting: { database: 'embedded', temporal: 'dev', detail: 'with the dev server and Mailpit' }, unit: 'MB', value: Math.round(all), better: 'lower' });
} finally {
  dev.child.kill('SIGTERM');
  await dev.exited;
  await rm(dataDir, { recursive: true, force: true });
}
