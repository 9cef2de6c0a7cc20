import { ratioOf, type Figure } from '../figures.ts';

/** A figure with what the table shows beside it. */
export interface Row extends Figure {
  /** The benchmark that reported it. */
  benchmark: string;
  ratio?: number;
  /** Whether the target is met; undefined when the figure has none. */
  met?: boolean;
}

export function toRow(benchmark: string, figure: Figure): Row {
  const ratio = ratioOf(figure);
  return { ...figure, benchmark, ...(ratio === undefined ? {} : { ratio }), ...(metOf(figure, ratio) === undefined ? {} : { met: metOf(figure, ratio) }) };
}

function metOf(figure: Figure, ratio: number | undefined): boolean | undefined {
  const { target } = figure;
  if (!target) return undefined;
  const checks: boolean[] = [];
  if (target.ratio !== undefined && ratio !== undefined) checks.push(figure.better === 'lower' ? ratio <= target.ratio : ratio >= target.ratio);
  if (target.max !== undefined) checks.push(figure.value <= target.max);
  if (target.min !== undefined) checks.push(figure.value >= target.min);
  return checks.length ? checks.every(Boolean) : undefined;
}

export function settingText(figure: Figure): string {
  const { temporal, database, concurrency, detail } = figure.setting;
  return [
    temporal && (temporal === 'real' ? 'real server' : 'dev server'),
    database && (database === 'embedded' ? 'PGlite' : 'PostgreSQL'),
    concurrency && `${concurrency} in flight`,
    detail,
  ].filter(Boolean).join(', ');
}

export function valueText(value: number | undefined, unit: Figure['unit']): string {
  if (value === undefined || !Number.isFinite(value)) return value === undefined ? '' : String(value);
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  const number = value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return unit === '/s' ? `${number}/s` : `${number} ${unit}`;
}

function targetText(figure: Figure): string {
  const { target } = figure;
  if (!target) return '';
  const parts: string[] = [];
  if (target.ratio !== undefined) parts.push(`${figure.better === 'lower' ? '≤' : '≥'} ${target.ratio}×`);
  if (target.max !== undefined) parts.push(`≤ ${valueText(target.max, figure.unit)}`);
  if (target.min !== undefined) parts.push(`≥ ${valueText(target.min, figure.unit)}`);
  return parts.join(', ');
}

/** One Markdown table of every figure: readable in a terminal and in bench/README.md alike. */
export function formatTable(rows: Row[]): string {
  const header = ['figure', 'setting', 'Switchboard', 'baseline', 'ratio', 'target', 'met?'];
  const lines = rows.map((row) => [
    row.name, settingText(row), valueText(row.value, row.unit), valueText(row.baseline, row.unit),
    row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`, targetText(row), row.met === undefined ? '' : row.met ? 'yes' : '**no**',
  ]);
  const cells = (values: string[]) => `| ${values.join(' | ')} |`;
  return [cells(header), cells(header.map(() => '---')), ...lines.map(cells)].join('\n');
}
