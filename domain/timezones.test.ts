import { describe, expect, it } from 'vitest';
import { isValidTimezone } from './timezones.ts';

describe('isValidTimezone', () => {
  it.each([
    ['America/New_York', true], ['Asia/Kolkata', true], ['Asia/Calcutta', true], ['Europe/Kyiv', true], ['Australia/Sydney', true],
    ['America/Argentina/Buenos_Aires', true], ['UTC', true], ['Etc/UTC', true],
    ['Mars/Olympus_Mons', false], ['+05:30', false], ['', false], ['America/New York', false], ['EST5EDT ', false],
  ])('%s → %s', (zone, valid) => expect(isValidTimezone(zone)).toBe(valid));
});
