// Start-up time of `switchboard dev`: cold (empty data directory, and once with no cached workflow bundle)
// and warm (the same data directory again). Reports figures (bench/figures.ts); asserts nothing.
//   node bench/startup.ts [runs] [--cached-bundle]
// --cached-bundle keeps the workflow bundle cache (no uncached first start): for --quick runs beside other work.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportFigure } from './figures.ts';
import { repoRoot, runSwitchboard, waitForLog } from '../test/helpers/dev-process.ts';

const runs = Number(process.argv[2] ?? 3);
const cachedBundle = process.argv.includes('--cached-bundle');

async function timeStart(dataDir: string): Promise<number> {
  // Port 0: dev binds what the OS gives it. A port picked here and bound seconds later can be taken meanwhile.
  const env = {
    ...process.env, DATABASE_URL: '', TEMPORAL_ADDRESS: '', DATA_DIR: dataDir, PORT: '0',
    TEMPORAL_DEV_PORT: '0', TEMPORAL_DEV_UI_PORT: '0', LOG_FORMAT: 'json', PLATFORM_ADMIN_KEY: `sbp_${randomBytes(16).toString('hex')}`,
  };
  const started = performance.now();
  const dev = runSwitchboard('dev', env);
  await waitForLog(dev, 'switchboard ready');
  const ms = performance.now() - started;
  dev.child.kill('SIGTERM');
  await dev.exited;
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const cold: number[] = [];
const warm: number[] = [];
if (!cachedBundle) await rm(join(repoRoot, 'node_modules', '.cache', 'switchboard'), { recursive: true, force: true });
const dirs: string[] = [];
for (let i = 0; i < runs; i++) {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-bench-'));
  dirs.push(dir);
  cold.push(await timeStart(dir));
  warm.push(await timeStart(dir));
}
await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
console.log(`switchboard dev start-up until ready, ${runs} runs (process spawn to "switchboard ready")`);
// Without a cached bundle the first cold start also builds it, so it is kept out of the cold median.
const coldCached = cachedBundle || cold.length === 1 ? cold : cold.slice(1);
const setting = { temporal: 'dev', database: 'embedded' } as const;
if (!cachedBundle) reportFigure({ name: 'switchboard dev start-up, first cold start', setting: { ...setting, detail: 'no workflow bundle cached' }, unit: 's', better: 'lower', value: cold[0]! / 1000 });
reportFigure({ name: 'switchboard dev start-up, cold', setting: { ...setting, detail: `empty data directory, median of ${coldCached.length}` }, unit: 's', better: 'lower', value: median(coldCached) / 1000 });
reportFigure({ name: 'switchboard dev start-up, warm', setting: { ...setting, detail: `existing data directory, median of ${warm.length}` }, unit: 's', better: 'lower', value: median(warm) / 1000 });
console.log(`  cold: [${cold.map((v) => (v / 1000).toFixed(2)).join(', ')}] s  warm: [${warm.map((v) => (v / 1000).toFixed(2)).join(', ')}] s`);
