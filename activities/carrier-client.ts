import { ApplicationFailure } from '@temporalio/activity';
import { sign, SIGNATURE_HEADER } from '../carriers/native/signature.ts';
import type { CarrierClient } from '../domain/carriers.ts';

// The shapes carriers are commanded in live in the domain, where every carrier adapter reads them.
export type { CallCommand, CarrierClient, OutboundCallRequest, OutboundSms } from '../domain/carriers.ts';

/**
 * The carrier's command API, signed like its webhooks. A 4xx is the carrier's final word (not retried);
 * a 5xx or a timeout throws an ordinary error, which Temporal retries with backoff.
 */
export function createCarrierClient(options: { baseUrl?: string; secret: string; timeoutMs?: number }): CarrierClient {
  async function post(path: string, idempotencyKey: string, payload: object, what: string): Promise<Response> {
    if (!options.baseUrl) throw ApplicationFailure.nonRetryable('CARRIER_API_URL is not set: no carrier to command', 'CarrierNotConfigured');
    const body = JSON.stringify(payload);
    const response = await fetch(`${options.baseUrl.replace(/\/$/, '')}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, [SIGNATURE_HEADER]: sign(options.secret, body) },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    if (response.ok) return response;
    const text = (await response.text().catch(() => '')).slice(0, 300);
    if (response.status >= 400 && response.status < 500) {
      throw ApplicationFailure.nonRetryable(`the carrier refused ${what} with ${response.status}: ${text}`, 'CarrierRejected');
    }
    throw new Error(`the carrier answered ${what} with ${response.status}: ${text}`);
  }

  return {
    async sendCallCommand(callId, idempotencyKey, command) {
      await post(`/v1/calls/${encodeURIComponent(callId)}/commands`, idempotencyKey, command, command.command);
    },
    async placeCall(idempotencyKey, call) {
      await post('/v1/calls', idempotencyKey, call, 'the outbound call');
    },
    async sendMessage(idempotencyKey, message) {
      const response = await post('/v1/messages', idempotencyKey, message, 'the message');
      const { messageId } = (await response.json()) as { messageId?: string };
      if (!messageId) throw new Error('the carrier accepted the message without a messageId');
      return { messageId };
    },
  };
}
