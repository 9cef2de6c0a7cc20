// The native carrier protocol's HMAC signature (docs/api.md, "Native carrier"): the API verifies inbound
// webhooks with it and the carrier client signs outbound commands, so it sits below both.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-switchboard-signature';
const TOLERANCE_SEC = 300;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` */
export function sign(secret: string, rawBody: string | Buffer, nowSec = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', secret).update(`${nowSec}.`).update(rawBody).digest('hex');
  return `t=${nowSec},v1=${mac}`;
}

/** Why a signature is refused, or undefined when it is good. */
export function signatureProblem(secret: string, header: string | undefined, rawBody: Buffer, nowSec = Math.floor(Date.now() / 1000)): string | undefined {
  if (!header) return `The ${SIGNATURE_HEADER} header is missing.`;
  const parts = Object.fromEntries(header.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1) return `The ${SIGNATURE_HEADER} header is not t=<seconds>,v1=<hex>.`;
  if (Math.abs(nowSec - t) > TOLERANCE_SEC) return 'The signature timestamp is more than 300 seconds from now.';
  const expected = Buffer.from(sign(secret, rawBody, t).split('v1=')[1]!, 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'The signature does not match the body.';
  return undefined;
}
