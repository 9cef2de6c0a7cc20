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

export function createAuthenticator(deps: { db: Database; platformAdminKey: string; carrierWebhookSecret: string }) {
  const platformHash = Buffer.from(hashKey(deps.platformAdminKey), 'hex');

  async function identify(req: Request): Promise<Caller | undefined> {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (!match) return undefined;
    const hash = hashKey(match[1]!);
    if (timingSafeEqual(Buffer.from(hash, 'hex'), platformHash)) return { kind: 'platform' };
    const [row] = await deps.db
      .select({ id: apiKeys.id, orgId: apiKeys.orgId, role: apiKeys.role, userId: apiKeys.userId })
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)));
    return row ? { kind: 'org', orgId: row.orgId, role: row.role, keyId: row.id, userId: row.userId } : undefined;
  }

  /** Answers 401 for a missing or unknown key and 403 for a known key that may not call the route. */
  return async function authorize(req: Request, access: Access): Promise<Caller | undefined> {
    if (access === 'public') return undefined;
    if (access === 'carrier') {
      const problem = signatureProblem(deps.carrierWebhookSecret, req.get(SIGNATURE_HEADER), (req as { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0));
      if (problem) throw unauthorized(problem);
      return undefined;
    }
    const caller = await identify(req);
    if (!caller) throw unauthorized();
    if (access === 'platform') {
      if (caller.kind !== 'platform') throw forbidden('Only the platform key may call this route.');
      return caller;
    }
    if (caller.kind === 'platform') throw forbidden('The platform key may only create organizations.');
    if (!roleAtLeast(caller.role, access)) throw forbidden(`This route needs the ${access} role; the key has ${caller.role}.`);
    return caller;
  };
}

export type Authorize = ReturnType<typeof createAuthenticator>;
