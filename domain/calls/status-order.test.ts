import { describe, expect, it } from 'vitest';
import { statusesBefore } from './status-order.ts';

describe('statusesBefore', () => {
  it.each([
    ['routing', ['routing']],
    ['ringing', ['routing', 'ringing']],
    ['dialing', ['routing', 'dialing']],
    ['connected', ['routing', 'ringing', 'dialing', 'connected']],
    ['voicemail', ['routing', 'ringing', 'dialing', 'voicemail']],
    ['completed', ['routing', 'ringing', 'dialing', 'connected', 'voicemail', 'completed']],
    ['failed', ['routing', 'ringing', 'dialing', 'connected', 'voicemail', 'failed']],
    ['no_answer', ['routing', 'ringing', 'dialing', 'connected', 'voicemail', 'no_answer']],
  ] as const)('a write of %s applies to a call that is %j', (next, from) => {
    expect(statusesBefore(next)).toEqual(from);
  });
});
