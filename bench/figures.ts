// How a benchmark reports what it measured. Each benchmark runs in its own process (bench/run.ts spawns it) and
// prints one `BENCH_FIGURE {json}` line per figure on stdout; the runner gathers them into one table with the
// ratio to the baseline and into the JSON file, so benchmarks share no state and can still be run on their own.

/** Where a figure was measured: the same benchmark on other targets is another row. */
export interface FigureSetting {
  /** Calls or requests in flight at once, where that applies. */
  concurrency?: number;
  /** `embedded` (PGlite) or `postgres`. */
  database?: 'embedded' | 'postgres';
  /** The Temporal CLI's dev server or the real server on PostgreSQL. */
  temporal?: 'dev' | 'real';
  /** Anything else that tells two rows apart (`threaded`, `1,000,000 items`). */
  detail?: string;
}

export interface Figure {
  /** What was measured, e.g. `webhook → first ring p50`. */
  name: string;
  setting: FigureSetting;
  unit: 'ms' | 'MB' | '/s' | 's';
  value: number;
  /** The same figure for the baseline (bench/baseline, or raw SQL), measured in the same run. */
  baseline?: number;
  /** Which way is better, so a ratio can be read as good or bad. */
  better: 'lower' | 'higher';
  /** Issue 13's target: a ratio to the baseline, or an absolute bound in `unit`. */
  target?: { ratio?: number; max?: number; min?: number };
}

export const FIGURE_PREFIX = 'BENCH_FIGURE ';

/** Prints one figure for the runner (and for a person running the benchmark on its own). */
export function reportFigure(figure: Figure): void {
  process.stdout.write(`${FIGURE_PREFIX}${JSON.stringify(figure)}\n`);
}

/** The figures in a benchmark's output; other lines are progress for a person. */
export function parseFigures(output: string): Figure[] {
  return output.split('\n').filter((line) => line.startsWith(FIGURE_PREFIX)).map((line) => JSON.parse(line.slice(FIGURE_PREFIX.length)) as Figure);
}

/** Value ÷ baseline, so 1.0 is the baseline's figure (for `/s` figures higher is better). */
export function ratioOf(figure: Figure): number | undefined {
  return figure.baseline === undefined || figure.baseline === 0 ? undefined : figure.value / figure.baseline;
}
