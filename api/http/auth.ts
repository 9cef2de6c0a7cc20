import { and, eq, isNull } from 'drizzle-orm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { Database } from '../../db/database.ts';
import { apiKeys } from '../../db/schema/index.ts';
import { roleAtLeast, type Role } from '../../domain/roles.ts';
import { signatureProblem, SIGNATURE_HEADER } from '../../carriers/native/signature.ts';
import { forbidden, unauthorized } from './problem.ts';

export type OrgCaller = { kind: 'org'; orgId: string; role: Role; keyId: string; userId: string | null };
export type Caller = { kind: 'platform' } | OrgCaller;
/** Who may call a route: anyone, the carrier (a signed webhook), the platform key, or an organization key of at least this role. */
export type Access = 'public' | 'carrier' | 'platform' | Role;

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export function generateApiKey(): { key: string; keyHash: string; keyPrefix: string } {
  const key = `sbk_${randomBytes(24).toString('base64url')}`;
  return { key, keyHash: hashKey(key), keyPrefix: key.slice(0, 10) };
}

/** Who a key belongs to: the platform, one organization's role, or nobody. */
export type KeyLookup = (key: string) => Promise<Caller | undefined>;

export function createKeyLookup(deps: { db: Database; platformAdminKey: string }): KeyLookup {
  const platformHash = Buffer.from(hashKey(deps.platformAdminKey), 'hex');
  return async (key) => {
    const hash = hashKey(key);
    if (timingSafeEqual(Buffer.from(hash, 'hex'), platformHash)) return { kind: 'platform' };
    const [row] = await deps.db
      .select({ id: apiKeys.id, orgId: apiKeys.orgId, role: apiKeys.role, userId: apiKeys.userId })
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)));
    return row ? { kind: 'org', orgId: row.orgId, role: row.role, keyId: row.id, userId: row.userId } : undefined;
  };
}

/** 401 for no caller, 403 for one that may not call a route of this access; otherwise the caller. */
export function admit(caller: Caller | undefined, access: Exclude<Access, 'public' | 'carrier'>): Caller {
  if (!caller) throw unauthorized();
  if (access === 'platform') {
    if (caller.kind !== 'platform') throw forbidden('Only the platform key may call this route.');
    return caller;
  }
  if (caller.kind === 'platform') throw forbidden('The platform key may only create organizations.');
  if (!roleAtLeast(caller.role, access)) throw forbidden(`This route needs the ${access} role; the key has ${caller.role}.`);
  return caller;
}

export function createAuthenticator(deps: { db: Database; platformAdminKey: string; carrierWebhookSecret: string }) {
  const lookup = createKeyLookup(deps);

  /** Answers 401 for a missing or unknown key and 403 for a known key that may not call the route. */
  return async function authorize(req: Request, access: Access): Promise<Caller | undefined> {
    if (access === 'public') return undefined;
    if (access === 'carrier') {
      const problem = signatureProblem(deps.carrierWebhookSecret, req.get(SIGNATURE_HEADER), (req as { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0));
      if (problem) throw unauthorized(problem);
      return undefined;
    }
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    return admit(match ? await lookup(match[1]!) : undefined, access);
  };
}

export type Authorize = ReturnType<typeof createAuthenticator>;
