// Start-up time of `switchboard dev`: cold (empty data directory, and once with no cached workflow bundle)
// and warm (the same data directory again). Prints figures; asserts nothing.
//   node bench/startup.ts [runs]
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../infra/ports.ts';
import { repoRoot, runSwitchboard, waitForLog } from '../test/helpers/dev-process.ts';

const runs = Number(process.argv[2] ?? 3);

async function timeStart(dataDir: string): Promise<number> {
  const env = {
    ...process.env, DATABASE_URL: '', TEMPORAL_ADDRESS: '', DATA_DIR: dataDir, PORT: String(await findFreePort()),
    TEMPORAL_DEV_PORT: String(await findFreePort()), TEMPORAL_DEV_UI_PORT: '0', LOG_FORMAT: 'json', PLATFORM_ADMIN_KEY: `sbp_${randomBytes(16).toString('hex')}`,
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
await rm(join(repoRoot, 'node_modules', '.cache', 'switchboard'), { recursive: true, force: true });
const dirs: string[] = [];
for (let i = 0; i < runs; i++) {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-bench-'));
  dirs.push(dir);
  cold.push(await timeStart(dir));
  warm.push(await timeStart(dir));
}
await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
console.log(`switchboard dev start-up until ready, ${runs} runs (process spawn to "switchboard ready")`);
console.log(`  first cold start (no workflow bundle cached): ${(cold[0]! / 1000).toFixed(2)} s`);
console.log(`  cold (empty data directory): median ${(median(cold.slice(1).length ? cold.slice(1) : cold) / 1000).toFixed(2)} s  [${cold.map((v) => (v / 1000).toFixed(2)).join(', ')}]`);
console.log(`  warm (existing data directory): median ${(median(warm) / 1000).toFixed(2)} s  [${warm.map((v) => (v / 1000).toFixed(2)).join(', ')}]`);
