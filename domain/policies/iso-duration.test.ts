import { Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { durationToMs } from './iso-duration.ts';

/** What durationToMs answered when it used luxon: the auto-mark-read timers of running workflows depend on it. */
function luxonDurationToMs(iso: string): number | undefined {
  if (!/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/.test(iso)) return undefined;
  const duration = Duration.fromISO(iso);
  return duration.isValid ? duration.toMillis() : undefined;
}

describe('durationToMs against luxon', () => {
  const fixed = [
    'P30D', 'PT5S', 'PT1.5S', 'PT0.0001S', 'PT0.9999S', 'PT1,5S', 'P1Y', 'P1M', 'P1W', 'P1Y2M3W4DT5H6M7.089S', 'P366D', 'PT24H',
    'P', 'PT', 'PT5', 'P5', '-P1D', 'P-1D', 'P1.5D', 'PT1.5M', 'p1d', 'P1DT', ' P1D', 'P1D ', 'P0D', 'PT0S', 'P00000000000000000001D',
    `P${'9'.repeat(20)}D`, `P${'9'.repeat(21)}D`, `PT1.${'5'.repeat(20)}S`, `PT1.${'5'.repeat(21)}S`, 'P1M1W', 'P1Y1D',
  ];
  it.each(fixed)('%s', (iso) => expect(durationToMs(iso)).toBe(luxonDurationToMs(iso)));

  it('matches on thousands of generated durations', () => {
    let seed = 7;
    const random = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    const part = (unit: string) => (random(3) === 0 ? '' : `${random(5) === 0 ? random(1e9) : random(100)}${unit}`);
    for (let i = 0; i < 5000; i++) {
      const seconds = random(3) === 0 ? '' : `${random(200)}${random(3) === 0 ? `.${random(100000)}` : ''}S`;
      const iso = `P${part('Y')}${part('M')}${part('W')}${part('D')}${random(2) ? `T${part('H')}${part('M')}${seconds}` : ''}`;
      expect(durationToMs(iso), iso).toBe(luxonDurationToMs(iso));
    }
  });
});
