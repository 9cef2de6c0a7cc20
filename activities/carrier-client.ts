import { ApplicationFailure } from '@temporalio/activity';
import { sign, SIGNATURE_HEADER } from '../carriers/native/signature.ts';
import type { RingTarget } from '../domain/carriers.ts';

export type CallCommand =
  | { command: 'ring'; targets: RingTarget[]; timeoutSec: number }
  | { command: 'cancel_ring'; userIds: string[] }
  | { command: 'voicemail'; greeting: string; maxLengthSec: number }
  | { command: 'hangup'; reason: string };

export interface OutboundSms {
  from: string;
  to: string;
  body: string;
}

/** Click to call: the carrier rings the agent, then dials `to` showing `from`. */
export interface OutboundCallRequest {
  callId: string;
  from: string;
  to: string;
  agent: { userId: string; phone?: string; sipUri?: string };
}

export interface CarrierClient {
  sendCallCommand(callId: string, idempotencyKey: string, command: CallCommand): Promise<void>;
  placeCall(idempotencyKey: string, call: OutboundCallRequest): Promise<void>;
  /** Sends an SMS; answers the carrier's message id. */
  sendMessage(idempotencyKey: string, message: OutboundSms): Promise<{ messageId: string }>;
}

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
