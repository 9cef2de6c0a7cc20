// `npm run bench`: runs every benchmark, each in its own process, shows progress on stderr, gathers their
// figures (bench/figures.ts) into one table with the ratio to each baseline measured in the same run, writes
// it as JSON, and after a full run of them all rewrites the latest table in bench/README.md.
//   npm run bench [-- --quick] [-- --json PATH] [-- name …]
// --quick: sizes that fit in CI (each benchmark still runs every part). Naming benchmarks runs only those.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseFigures } from './figures.ts';
import { describeMachine, machineText } from './report/machine.ts';
import { rewriteSection } from './report/readme-section.ts';
import { formatTable, toRow, type Row } from './report/table.ts';
import { provideBenchDatabase } from './postgres.ts';

interface Benchmark {
  name: string;
  /** Arguments for `npm run bench`, sized to take minutes; run a script on its own for the README's sizes. */
  full: string[];
  quick: string[];
}

const benchmarks: Benchmark[] = [
  // Never the uncached start here: deleting the shared bundle cache would break whatever else runs on the machine
  // (`node bench/startup.ts` alone measures it).
  { name: 'startup', full: ['2', '--cached-bundle'], quick: ['1', '--cached-bundle'] },
  { name: 'dev-idle', full: ['30'], quick: ['5'] },
  { name: 'carrier-latency', full: ['30', '5'], quick: ['5', '2'] },
  { name: 'call-latency', full: ['30', '10'], quick: ['10', '2'] },
  // 1,000 calls ringing and a minute after they ended, on three settings: the longest part of a run. 200 calls
  // a level at least: a p99 of fewer is the slowest call or two, which is why it swung 1.24× to 5.25× between
  // runs at 20 calls and still 0.90× to 2.68× at 100.
  { name: 'call-load', full: ['--rounds', '2', '--min-calls', '200'], quick: ['--quick'] },
  // The feed part reads 50-item pages in both views, so it needs 50 conversations and 50 items at least.
  { name: 'auto-read-cleanup', full: ['1000000', '1000'], quick: ['1000', '50'] },
  { name: 'daily-reports', full: ['1000', '10', '10'], quick: ['3', '2', '2'] },
];

const here = dirname(fileURLToPath(import.meta.url));
const { values, positionals } = parseArgs({ allowPositionals: true, options: { quick: { type: 'boolean' }, json: { type: 'string' } } });
const quick = values.quick ?? false;
const jsonPath = values.json ?? `${here}/results/latest.json`;
const unknown = positionals.filter((name) => !benchmarks.some((b) => b.name === name));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}; there are: ${benchmarks.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
const chosen = benchmarks.filter((b) => positionals.length === 0 || positionals.includes(b.name));

const began = Date.now();
const progress = (message: string) => console.error(`[${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] bench: ${message}`);

const running = new Set<ChildProcess>();
const rowsOf = new Map<string, Row[]>();

/** Runs one benchmark script; its figures are gathered, its other output passed on to stderr as progress. */
function run(benchmark: Benchmark, env: NodeJS.ProcessEnv): Promise<{ code: number | null; rows: Row[] }> {
  const rows: Row[] = [];
  // Kept as they arrive, so an interrupted run still reports what it measured.
  rowsOf.set(benchmark.name, rows);
  const args = [`${here}/${benchmark.name}.ts`, ...(quick ? benchmark.quick : benchmark.full)];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const [figure] = parseFigures(line);
    if (figure) rows.push(toRow(benchmark.name, figure));
    else console.error(`  ${benchmark.name}: ${line}`);
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, rows })));
}

const machine = describeMachine();
const database = await provideBenchDatabase();
progress(`PostgreSQL for the benchmarks: ${database.description}`);
const failed: string[] = [];
// Interrupted, the run stops its benchmarks, drops the database it created, and still shows what it measured.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    failed.push(`interrupted by ${signal}`);
    running.forEach((child) => child.kill('SIGTERM'));
    void database.drop().catch(() => undefined).then(() => report()).finally(() => process.exit(130));
  });
}
/** Runs one benchmark with progress lines around it; a benchmark that exits non-zero is listed as failed. */
async function runAndReport(benchmark: Benchmark, i: number): Promise<void> {
  progress(`${benchmark.name} (${i + 1}/${chosen.length}) ${(quick ? benchmark.quick : benchmark.full).join(' ')}`);
  const started = Date.now();
  const result = await run(benchmark, { ...process.env, DATABASE_URL: database.url });
  if (result.code !== 0) failed.push(`${benchmark.name} (exit ${result.code})`);
  progress(`${benchmark.name} done in ${((Date.now() - started) / 1000).toFixed(0)} s: ${result.rows.length} figures${result.code === 0 ? '' : `, exit ${result.code}`}`);
}

try {
  // One at a time, --quick too: benchmarks sharing the database side by side would also share its workflow
  // outbox, and one stack's outbox would deliver another's workflow starts to the wrong Temporal server.
  for (const [i, benchmark] of chosen.entries()) await runAndReport(benchmark, i);
} finally {
  await database.drop().catch((error: unknown) => progress(`dropping the benchmark database: ${String(error)}`));
}

await report();
if (failed.length) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}

/** Prints the table, writes the JSON, and after a complete full run rewrites the README's latest table. */
async function report(): Promise<void> {
  const rows = chosen.flatMap((b) => rowsOf.get(b.name) ?? []);
  const table = formatTable(rows);
  console.log(`\n${table}\n\n${machineText(machine)}${quick ? ' (--quick sizes)' : ''}`);
  await mkdir(dirname(jsonPath), { recursive: true });
  await writeFile(jsonPath, `${JSON.stringify({ machine, quick, benchmarks: chosen.map((b) => b.name), failed, figures: rows }, null, 2)}\n`);
  progress(`figures written to ${jsonPath}`);
  if (!quick && positionals.length === 0 && failed.length === 0) {
    await rewriteSection(`${here}/README.md`, `${table}\n\nMeasured on: ${machineText(machine)}.`);
    progress('bench/README.md updated');
  }
}
