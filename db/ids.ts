import { randomBytes } from 'node:crypto';

/** Stable, prefixed ids ("usr_…") so a reader can tell what an id refers to. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
