import type { CarrierClient } from '../../domain/carriers.ts';

// The same ring command Switchboard sends, to the same carrier, through Switchboard's own signed carrier client.
const RING_TARGETS = [{ userId: 'baseline-agent', phone: '+14155550199' }];
const RING_TIMEOUT_SEC = 20;

export function createBaselineActivities(carrier: CarrierClient) {
  return {
    async sendRing(input: { callId: string }): Promise<void> {
      await carrier.sendCallCommand(input.callId, `${input.callId}:ring:1`, { command: 'ring', targets: RING_TARGETS, timeoutSec: RING_TIMEOUT_SEC });
    },
  };
}

export type BaselineActivities = ReturnType<typeof createBaselineActivities>;
