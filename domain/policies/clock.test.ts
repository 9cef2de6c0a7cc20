import { describe, expect, it } from 'vitest';
import { parseClock } from './clock.ts';

describe('parseClock', () => {
  it.each([
    // [value, read as an end of day?, minutes after midnight or undefined]
    ['00:00', false, 0], ['09:05', false, 545], ['23:59', false, 1439],
    ['24:00', true, 1440], ['24:00', false, undefined], ['24:01', true, undefined],
    ['25:00', false, undefined], ['9:00', false, undefined], ['09:60', false, undefined],
    ['0900', false, undefined], ['09:00:00', false, undefined], [' 09:00', false, undefined], ['', false, undefined],
  ] as const)('%j (end of day: %s) → %s', (value, endOfDay, expected) => {
    expect(parseClock(value, { endOfDay })).toBe(expected);
  });
});
