import { describe, expect, it } from 'vitest';
import { e164Schema } from './phone-numbers.ts';

describe('E.164 numbers', () => {
  it.each([
    ['+14155550123', true],
    ['+4930123456', true],
    ['+1234567', true],
    ['+123456789012345', true],
    ['+123456', false],
    ['+1234567890123456', false],
    ['0044123', false],
    ['+04155550123', false],
    ['14155550123', false],
    ['+1 415 555 0123', false],
  ])('%s → %s', (number, valid) => {
    expect(e164Schema.safeParse(number).success).toBe(valid);
  });
});
