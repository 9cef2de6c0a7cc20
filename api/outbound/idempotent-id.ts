import { createHash } from 'node:crypto';
import { newId } from '../../db/ids.ts';
import type { OrgCaller } from '../http/auth.ts';

/**
 * The id of a new outbound text or call: with an Idempotency-Key header, the same for every retry of the
 * request by the same key (so the retry finds the first attempt's workflow), else a fresh one.
 */
export function idempotentId(prefix: string, caller: OrgCaller, req: { get(name: string): string | undefined }): string {
  const key = req.get('idempotency-key');
  if (!key) return newId(prefix);
  const digest = createHash('sha256').update(`${caller.keyId}\n${prefix}\n${key.slice(0, 100)}`).digest('base64url');
  return `${prefix}_${digest.slice(0, 16)}`;
}
