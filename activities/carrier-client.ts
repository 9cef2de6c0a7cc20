import { ApplicationFailure } from '@temporalio/activity';
import { sign } from '../api/webhooks/signature.ts';

export type CallCommand =
  | { command: 'ring'; targets: { userId: string; phone?: string; sipUri?: string }[]; timeoutSec: number }
  | { command: 'cancel_ring'; userIds: string[] }
  | { command: 'voicemail'; greeting: string; maxLengthSec: number }
  | { command: 'hangup'; reason: string };

export interface CarrierClient {
  sendCallCommand(callId: string, idempotencyKey: string, command: CallCommand): Promise<void>;
}

/**
 * The carrier's command API, signed like its webhooks. A 4xx is the carrier's final word (not retried);
 * a 5xx or a timeout throws an ordinary error, which Temporal retries with backoff.
 */
export function createCarrierClient(options: { baseUrl?: string; secret: string; timeoutMs?: number }): CarrierClient {
  return {
    async sendCallCommand(callId, idempotencyKey, command) {
      if (!options.baseUrl) throw ApplicationFailure.nonRetryable('CARRIER_API_URL is not set: no carrier to command', 'CarrierNotConfigured');
      const body = JSON.stringify(command);
      const response = await fetch(`${options.baseUrl.replace(/\/$/, '')}/v1/calls/${encodeURIComponent(callId)}/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, 'x-switchboard-signature': sign(options.secret, body) },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
      if (response.ok) return;
      const text = (await response.text().catch(() => '')).slice(0, 300);
      if (response.status >= 400 && response.status < 500) {
        throw ApplicationFailure.nonRetryable(`the carrier refused ${command.command} with ${response.status}: ${text}`, 'CarrierRejected');
      }
      throw new Error(`the carrier answered ${command.command} with ${response.status}: ${text}`);
    },
  };
}
