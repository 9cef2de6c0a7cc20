import type { Database } from '../db/database.ts';
import { recordOutboundCall } from '../db/outbound-calls.ts';
import type { OutboundCallInput } from '../domain/calls/outbound-call.ts';
import type { CarrierClient, OutboundCallRequest } from './carrier-client.ts';

export function createOutboundCallActivities(deps: { db: Database; carrier: CarrierClient }) {
  return {
    /** The call's record in the contact's conversation, dialing: from now the agent counts as on a call. Safe to repeat. */
    async recordOutboundCall(input: OutboundCallInput): Promise<void> {
      await recordOutboundCall(deps.db, input);
    },

    /** Asks the carrier to ring the agent and then dial the contact; the key makes every retry one call. */
    async placeOutboundCall(input: OutboundCallRequest & { idempotencyKey: string }): Promise<void> {
      const { idempotencyKey, ...call } = input;
      await deps.carrier.placeCall(idempotencyKey, call);
    },
  };
}
