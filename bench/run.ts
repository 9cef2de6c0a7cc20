// Runs every benchmark in turn, each in its own process, and passes its figures through. Sizes here are
// small so a full pass takes minutes; `--quick` makes them tiny (a check that each still runs). For the
// sizes quoted in the README run a benchmark on its own with no arguments.
//   npm run bench [-- --quick] [-- name …]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface Benchmark {
  name: string;
  small: string[];
  quick: string[];
  needsPostgres?: boolean;
}

const benchmarks: Benchmark[] = [
  { name: 'startup', small: ['2'], quick: ['1'] },
  { name: 'dev-idle', small: ['30'], quick: ['5'] },
  { name: 'call-latency', small: ['100', '10'], quick: ['10', '2'] },
  { name: 'carrier-latency', small: ['100', '5'], quick: ['10', '2'] },
  // The feed part reads 50-item pages in both views, so it needs 50 conversations and 50 items at least.
  { name: 'auto-read-cleanup', small: ['100000', '200'], quick: ['1000', '50'], needsPostgres: true },
  { name: 'daily-reports', small: ['100', '30', '30'], quick: ['3', '2', '2'], needsPostgres: true },
];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const names = args.filter((arg) => arg !== '--quick');
const unknown = names.filter((name) => !benchmarks.some((b) => b.name === name));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}; there are: ${benchmarks.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

function run(benchmark: Benchmark, benchArgs: string[]): Promise<number | null> {
  const script = fileURLToPath(new URL(`./${benchmark.name}.ts`, import.meta.url));
  const child = spawn(process.execPath, [script, ...benchArgs], { stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

const failed: string[] = [];
for (const benchmark of benchmarks.filter((b) => names.length === 0 || names.includes(b.name))) {
  const benchArgs = quick ? benchmark.quick : benchmark.small;
  console.log(`\n== ${benchmark.name} ${benchArgs.join(' ')}`);
  if (benchmark.needsPostgres && !process.env.DATABASE_URL) {
    console.log('   skipped: set DATABASE_URL=postgres://… to run it');
    continue;
  }
  const code = await run(benchmark, benchArgs);
  if (code !== 0) failed.push(`${benchmark.name} (exit ${code})`);
}
if (failed.length) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
