import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { FigureSetting } from '../../bench/figures.ts';
import type { Row } from '../../bench/report/table.ts';
import { repoRoot } from '../helpers/dev-process.ts';

const run = promisify(execFile);

interface Expected {
  name: string;
  setting: FigureSetting;
  /** Measured against a baseline in the same run, so it must carry one and a ratio. */
  baseline?: boolean;
}

const settings = [
  { temporal: 'dev', database: 'postgres' },
  { temporal: 'dev', database: 'embedded' },
  { temporal: 'real', database: 'postgres' },
] as const;

// Issue 13's rows that this branch's benchmarks report; rows other benchmarks add are checked where they are added.
const expected: Expected[] = [
  ...settings.flatMap((s): Expected[] => [
    ...[1, 10, 20, 50].map((concurrency) => ({ name: 'webhook → 202 p99', setting: { ...s, concurrency }, baseline: true })),
    ...[1, 10, 50].map((concurrency) => ({ name: 'webhook → first ring p50', setting: { ...s, concurrency }, baseline: true })),
    { name: 'full call lifecycles per second', setting: { ...s, concurrency: 50 }, baseline: true },
    { name: 'CPU per call lifecycle, API and worker processes', setting: { ...s, concurrency: 50 }, baseline: true },
    // Split by process where both stacks run an API and a worker (the embedded defaults are one process).
    ...(s.database === 'postgres' ? ['worker', 'API'].map((role) => ({ name: `CPU per call lifecycle, ${role} process`, setting: { ...s, concurrency: 50 }, baseline: true })) : []),
    ...['webhook → its workflow task picked up', 'that workflow task in the worker', 'workflow task done → ring at the carrier']
      .map((phase) => ({ name: `first ring, ${phase} p50`, setting: { ...s, concurrency: 1 }, baseline: true })),
    { name: 'worker RSS idle, before the calls', setting: s, baseline: true },
    { name: 'worker RSS with calls ringing', setting: s, baseline: true },
    { name: 'worker RSS with calls ringing, settled', setting: s, baseline: true },
    { name: 'worker RSS after the calls ended', setting: s, baseline: true },
  ]),
  { name: 'dev idle RSS', setting: { temporal: 'dev', database: 'embedded', detail: 'the dev process alone' } },
  { name: 'dev idle RSS', setting: { temporal: 'dev', database: 'embedded', detail: 'with the dev server and Mailpit' } },
  { name: 'switchboard dev start-up, cold', setting: { temporal: 'dev', database: 'embedded' } },
  { name: 'switchboard dev start-up, warm', setting: { temporal: 'dev', database: 'embedded' } },
  ...['daily reports enabled through the API, 20 requests at a time (whole run)', 'daily reports all due at once → all mailed (whole run)']
    .map((name) => ({ name, setting: { database: 'postgres' } as FigureSetting })),
  ...['native', 'telnyx', 'twilio'].flatMap((carrier) => ['p50', 'p99'].map((p) => ({ name: `webhook → first ring decision ${p}`, setting: { detail: carrier } }))),
];

/** The same place: every given setting field agrees (a detail matches by its first word, the carrier's name). */
function sameSetting(row: Row, setting: FigureSetting): boolean {
  return Object.entries(setting).every(([key, value]) => key === 'detail'
    ? row.setting.detail?.split(';')[0] === value
    : row.setting[key as keyof FigureSetting] === value);
}

// `npm run bench -- --quick`, run as node bench/run.ts so a timeout reaches the runner itself rather than npm.
describe('npm run bench -- --quick', () => {
  const dir = mkdtemp(join(tmpdir(), 'switchboard-bench-test-'));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  it('runs every benchmark and reports every expected row, with its baseline and ratio where one exists', async () => {
    const json = join(await dir, 'figures.json');
    // On timeout the runner gets SIGTERM: it stops its benchmarks and drops its database.
    const { stdout } = await run(process.execPath, ['bench/run.ts', '--quick', '--json', json], { cwd: repoRoot, maxBuffer: 64 * 2 ** 20, timeout: 540_000 });
    const report = JSON.parse(await readFile(json, 'utf8')) as { failed: string[]; figures: Row[] };

    expect(report.failed).toEqual([]);
    for (const row of expected) {
      const found = report.figures.filter((f) => f.name === row.name && sameSetting(f, row.setting));
      expect(found, `${row.name} ${JSON.stringify(row.setting)}`).toHaveLength(1);
      const [figure] = found as [Row];
      expect(Number.isFinite(figure.value), `${row.name}: value`).toBe(true);
      if (row.baseline) {
        expect(Number.isFinite(figure.baseline), `${row.name}: baseline`).toBe(true);
        expect(Number.isFinite(figure.ratio), `${row.name}: ratio`).toBe(true);
      }
      if (figure.target) expect(typeof figure.met, `${row.name}: met`).toBe('boolean');
    }
    // The table a person reads carries the same rows.
    expect(stdout.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| figure') && !line.startsWith('| ---'))).toHaveLength(report.figures.length);
  }, 600_000);
});
