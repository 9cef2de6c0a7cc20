// Which carriers Switchboard speaks, and which agents each can ring. Pure: the workflows' routing reads it.
export const carrierNames = ['native', 'twilio', 'telnyx'] as const;
export type CarrierName = (typeof carrierNames)[number];

/** Where an agent can be rung: a phone, or a SIP URI (on Twilio also `client:<identity>`, a Twilio Client). */
export interface RingTarget {
  userId: string;
  phone?: string;
  sipUri?: string;
}

/** Why this carrier cannot ring the agent, or undefined when it can. Our own carrier reaches agents by user id. */
export function unreachableReason(carrier: CarrierName, target: RingTarget): string | undefined {
  if (carrier === 'native' || target.phone) return undefined;
  const uri = target.sipUri ?? '';
  if (/^sips?:/.test(uri)) return undefined;
  if (carrier === 'twilio' && uri.startsWith('client:')) return undefined;
  return carrier === 'twilio' ? 'no phone, SIP URI or Twilio Client identity' : 'no phone or SIP URI';
}

/** What the workflow tells a carrier to do with a call (the native protocol's commands; the adapters translate them). */
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
  /** `broughtBy`: the carrier the call came through, when the caller knows it already (routing read it). */
  sendCallCommand(callId: string, idempotencyKey: string, command: CallCommand, broughtBy?: CarrierName): Promise<void>;
  placeCall(idempotencyKey: string, call: OutboundCallRequest): Promise<void>;
  /** Sends an SMS; answers the carrier's message id. */
  sendMessage(idempotencyKey: string, message: OutboundSms): Promise<{ messageId: string }>;
}

export type LegCommand = Extract<CallCommand, { command: 'ring' | 'voicemail' | 'hangup' }>;

/**
 * What happens next to the caller's leg, for a carrier that waits for it in its webhook's answer (Twilio):
 * the workflow's latest ring, voicemail or hang-up (`seq` numbers them), `end` once the call is over, or
 * `wait` when nothing is decided yet and the carrier should ask again.
 */
export type CallDecision = (LegCommand & { seq: number }) | { command: 'end' } | { command: 'wait' };
