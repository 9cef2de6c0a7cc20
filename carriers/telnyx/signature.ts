// Telnyx signs each webhook with its account's Ed25519 key over "<telnyx-timestamp>|<raw body>".
import { createPublicKey, verify } from 'node:crypto';

export const TELNYX_SIGNATURE_HEADER = 'telnyx-signature-ed25519';
export const TELNYX_TIMESTAMP_HEADER = 'telnyx-timestamp';
const TOLERANCE_SEC = 300;

/** Why a Telnyx webhook's signature is refused, or undefined when it is good. */
export function telnyxSignatureProblem(
  publicKeyBase64: string, signature: string | undefined, timestamp: string | undefined, rawBody: Buffer, nowSec = Math.floor(Date.now() / 1000),
): string | undefined {
  if (!signature || !timestamp) return `The ${TELNYX_SIGNATURE_HEADER} and ${TELNYX_TIMESTAMP_HEADER} headers are required.`;
  const t = Number(timestamp);
  if (!Number.isInteger(t)) return `The ${TELNYX_TIMESTAMP_HEADER} header is not a number of seconds.`;
  if (Math.abs(nowSec - t) > TOLERANCE_SEC) return 'The signature timestamp is more than 300 seconds from now.';
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKeyBase64, 'base64').toString('base64url') }, format: 'jwk' });
    const signed = Buffer.concat([Buffer.from(`${timestamp}|`), rawBody]);
    if (verify(null, signed, key, Buffer.from(signature, 'base64'))) return undefined;
  } catch {
    // A malformed key or signature is simply not a match.
  }
  return 'The signature does not match the body.';
}
