import type { CarrierName } from '../domain/carriers.ts';

export interface TwilioAccount {
  accountSid: string;
  authToken: string;
}

export interface TelnyxAccount {
  apiKey: string;
  /** Base64 of the account's raw 32-byte Ed25519 public key, which signs its webhooks. */
  publicKey: string;
  connectionId?: string;
}

/** How Switchboard reaches the real carriers: REST bases, the public URL they call back, deployment-wide accounts. */
export interface CarrierSettings {
  /** The base URL carriers reach Switchboard at (and that Twilio signs); without it, the request's own host. */
  publicBaseUrl?: string;
  twilio: { apiUrl: string; account?: TwilioAccount };
  telnyx: { apiUrl: string; account?: TelnyxAccount };
}

export type RealCarrier = Exclude<CarrierName, 'native'>;

/** The carrier settings the environment gives (docs/carriers.md). */
export function carrierSettingsFrom(env: {
  PUBLIC_BASE_URL?: string; TWILIO_API_URL: string; TELNYX_API_URL: string; TWILIO_ACCOUNT_SID?: string; TWILIO_AUTH_TOKEN?: string;
  TELNYX_API_KEY?: string; TELNYX_PUBLIC_KEY?: string; TELNYX_CONNECTION_ID?: string;
}): CarrierSettings {
  const twilio = env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN ? { accountSid: env.TWILIO_ACCOUNT_SID, authToken: env.TWILIO_AUTH_TOKEN } : undefined;
  const telnyx = env.TELNYX_API_KEY && env.TELNYX_PUBLIC_KEY
    ? { apiKey: env.TELNYX_API_KEY, publicKey: env.TELNYX_PUBLIC_KEY, ...(env.TELNYX_CONNECTION_ID ? { connectionId: env.TELNYX_CONNECTION_ID } : {}) }
    : undefined;
  return { publicBaseUrl: env.PUBLIC_BASE_URL, twilio: { apiUrl: env.TWILIO_API_URL, account: twilio }, telnyx: { apiUrl: env.TELNYX_API_URL, account: telnyx } };
}
