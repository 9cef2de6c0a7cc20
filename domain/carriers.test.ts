import { describe, expect, it } from 'vitest';
import { unreachableReason } from './carriers.ts';

describe('unreachableReason', () => {
  const cases: [Parameters<typeof unreachableReason>[0], Omit<Parameters<typeof unreachableReason>[1], 'userId'>, boolean][] = [
    ['native', {}, true],
    ['twilio', { phone: '+14155550100' }, true],
    ['twilio', { sipUri: 'sip:alice@pbx.example.com' }, true],
    ['twilio', { sipUri: 'client:alice' }, true],
    ['twilio', {}, false],
    ['telnyx', { sipUri: 'sips:bob@pbx.example.com' }, true],
    ['telnyx', { sipUri: 'client:alice' }, false],
    ['telnyx', {}, false],
  ];
  it.each(cases)('%s rings %j: %s', (carrier, target, reachable) => {
    expect(unreachableReason(carrier, { userId: 'usr_1', ...target }) === undefined).toBe(reachable);
  });
});
