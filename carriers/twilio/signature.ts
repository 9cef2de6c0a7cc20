// Twilio signs each webhook: base64 HMAC-SHA1, keyed by the account's auth token, over the full URL it called
// followed by every POST parameter's name and value, sorted by name.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';

export type FormParams = Record<string, string | string[]>;

export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  const data = Object.keys(params).sort().reduce((text, name) => {
    const value = params[name]!;
    return text + (Array.isArray(value) ? [...value].sort().map((v) => name + v).join('') : name + value);
  }, url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Why a Twilio webhook's signature is refused, or undefined when it is good. */
export function twilioSignatureProblem(authToken: string, signature: string | undefined, url: string, params: FormParams): string | undefined {
  if (!signature) return `The ${TWILIO_SIGNATURE_HEADER} header is missing.`;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return `The signature does not match ${url} and its parameters.`;
  return undefined;
}
