import type { FaultRecord } from './faults.ts';
import type { Tally } from './tally.ts';

const pad = (text: string | number, width: number) => String(text).padEnd(width);
const padLeft = (text: string | number, width: number) => String(text).padStart(width);

/** The run's table as text: faults, calls by expected and actual outcome, then every count (wrong ones marked). */
export function formatReport(title: string, faults: FaultRecord[], tally: Tally): string {
  const lines = [title, '', 'Faults (seconds from the start of the schedule)'];
  if (!faults.length) lines.push('  (none)');
  for (const f of faults) lines.push(`  ${padLeft(f.from.toFixed(1), 6)} – ${padLeft(f.to.toFixed(1), 6)}  ${f.fault}`);

  lines.push('', 'Calls by expected and actual outcome (actual: the call\'s record in the database)');
  const width = Math.max(10, ...tally.outcomes.map((o) => o.scenario.length));
  lines.push(`  ${pad('scenario', width)}  ${pad('expected', 15)} ${padLeft('calls', 5)}  ${padLeft('wrong', 5)}  actual`);
  for (const o of tally.outcomes) {
    const actual = [...o.actual].sort((a, b) => b[1] - a[1]).map(([status, n]) => `${status} ${n}`).join(', ');
    lines.push(`  ${pad(o.scenario, width)}  ${pad(o.expected, 15)} ${padLeft(o.calls, 5)}  ${padLeft(o.wrong, 5)}  ${actual}`);
  }

  lines.push('', 'Counts (marked ✗: should be 0)');
  const labelWidth = Math.max(...tally.counts.map((c) => c.label.length));
  for (const c of tally.counts) lines.push(`  ${c.wrong && c.value ? '✗' : ' '} ${pad(c.label, labelWidth)}  ${padLeft(c.value, 6)}`);

  const failing = tally.counts.filter((c) => c.wrong && c.value);
  if (failing.length) {
    lines.push('', 'Examples');
    for (const c of failing) {
      lines.push(`  ${c.label}:`);
      for (const example of tally.examples.get(c.label) ?? []) lines.push(`    ${example}`);
    }
  }
  lines.push('', failing.length ? `FAILED: ${failing.length} wrong count(s)` : 'PASSED: every wrong count is 0');
  return lines.join('\n');
}
