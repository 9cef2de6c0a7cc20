import { describe, expect, it } from 'vitest';
import { statusesBefore } from './status-order.ts';

describe('statusesBefore', () => {
  it.each([
    ['routing', ['routing']],
    ['ringing', ['routing', 'ringing']],
    ['connected', ['routing', 'ringing', 'connected']],
    ['voicemail', ['routing', 'ringing', 'voicemail']],
    ['completed', ['routing', 'ringing', 'connected', 'voicemail', 'completed']],
    ['failed', ['routing', 'ringing', 'connected', 'voicemail', 'failed']],
  ] as const)('a write of %s applies to a call that is %j', (next, from) => {
    expect(statusesBefore(next)).toEqual(from);
  });
});
