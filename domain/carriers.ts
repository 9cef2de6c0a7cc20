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
