import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/index.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
beforeAll(async () => (stack = await startTestStack({ worker: false })));
afterAll(() => stack?.stop());

describe('organizations', () => {
  it('the platform key creates an organization and its admin key works once shown', async () => {
    const created = await stack.call('POST', '/v1/orgs', { key: stack.platformKey, body: { name: 'Acme Dental', timezone: 'Europe/London' } });
    expect(created.status).toBe(201);
    expect(created.body.org).toMatchObject({ name: 'Acme Dental', timezone: 'Europe/London' });
    expect(created.body.org.id).toMatch(/^org_/);
    expect(created.body.adminKey).toMatch(/^sbk_/);
    const keys = await stack.call('GET', '/v1/api-keys', { key: created.body.adminKey });
    expect(keys.status).toBe(200);
    expect(keys.body.items).toHaveLength(1);
    expect(JSON.stringify(keys.body)).not.toContain(created.body.adminKey);
  });

  it('rejects bad input with field errors and creates nothing', async () => {
    const response = await stack.call('POST', '/v1/orgs', { key: stack.platformKey, body: { name: '', timezone: 'Mars/Olympus' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['name', 'timezone']);
  });

  it('only the platform key may create organizations', async () => {
    const { adminKey } = await stack.createOrg();
    expect((await stack.call('POST', '/v1/orgs', { key: adminKey, body: { name: 'x', timezone: 'UTC' } })).status).toBe(403);
    expect((await stack.call('POST', '/v1/orgs', { body: { name: 'x', timezone: 'UTC' } })).status).toBe(401);
  });
});

describe('api keys and roles', () => {
  it('answers 401 for a missing, unknown or revoked key', async () => {
    const { adminKey } = await stack.createOrg();
    expect((await stack.call('GET', '/v1/api-keys')).status).toBe(401);
    expect((await stack.call('GET', '/v1/api-keys', { key: 'sbk_not-a-real-key' })).status).toBe(401);
    const created = await stack.call('POST', '/v1/api-keys', { key: adminKey, body: { role: 'supervisor', label: 'temp' } });
    expect((await stack.call('GET', '/v1/api-keys', { key: created.body.key })).status).toBe(200);
    expect((await stack.call('DELETE', `/v1/api-keys/${created.body.id}`, { key: adminKey })).status).toBe(204);
    expect((await stack.call('GET', '/v1/api-keys', { key: created.body.key })).status).toBe(401);
  });

  it('answers 403 when the role is too low, and the platform key may not act inside an organization', async () => {
    const { adminKey } = await stack.createOrg();
    const agent = await stack.createKey(adminKey, 'agent');
    const supervisor = await stack.createKey(adminKey, 'supervisor');
    expect((await stack.call('POST', '/v1/api-keys', { key: agent, body: { role: 'agent' } })).status).toBe(403);
    expect((await stack.call('POST', '/v1/api-keys', { key: supervisor, body: { role: 'agent' } })).status).toBe(403);
    expect((await stack.call('GET', '/v1/api-keys', { key: agent })).status).toBe(403);
    expect((await stack.call('GET', '/v1/api-keys', { key: supervisor })).status).toBe(200);
    expect((await stack.call('GET', '/v1/api-keys', { key: stack.platformKey })).status).toBe(403);
  });

  it("answers 404 for another organization's key, and leaves it working", async () => {
    const mine = await stack.createOrg();
    const theirs = await stack.createOrg();
    const theirKey = await stack.call('POST', '/v1/api-keys', { key: theirs.adminKey, body: { role: 'agent' } });
    const attempt = await stack.call('DELETE', `/v1/api-keys/${theirKey.body.id}`, { key: mine.adminKey });
    expect(attempt.status).toBe(404);
    expect(attempt.body.detail).not.toContain(theirs.orgId);
    const listed = await stack.call('GET', '/v1/api-keys', { key: theirs.adminKey });
    expect(listed.body.items.map((k: { id: string }) => k.id)).toContain(theirKey.body.id);
    const mineListed = await stack.call('GET', '/v1/api-keys', { key: mine.adminKey });
    expect(mineListed.body.items.map((k: { id: string }) => k.id)).not.toContain(theirKey.body.id);
  });

  it('rejects a key for a user of another organization', async () => {
    const { adminKey } = await stack.createOrg();
    const response = await stack.call('POST', '/v1/api-keys', { key: adminKey, body: { role: 'agent', userId: 'usr_nobody' } });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'userId', message: 'no such user in this organization' }]);
  });

  it('pages through keys with cursors, newest first, without gaps or repeats', async () => {
    const { adminKey } = await stack.createOrg();
    const created = [];
    for (let i = 0; i < 6; i++) created.push((await stack.call('POST', '/v1/api-keys', { key: adminKey, body: { role: 'agent', label: `k${i}` } })).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await stack.call('GET', `/v1/api-keys?limit=4${cursor ? `&cursor=${cursor}` : ''}`, { key: adminKey });
      expect(page.body.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.body.items.map((k) => k.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(seen.slice(0, 6)).toEqual([...created].reverse());
    expect((await stack.call('GET', '/v1/api-keys?limit=500', { key: adminKey })).status).toBe(400);
    expect((await stack.call('GET', '/v1/api-keys?cursor=garbage', { key: adminKey })).status).toBe(400);
  });

  it('records key creation and revocation in the audit log, with the acting key', async () => {
    const { orgId, adminKey } = await stack.createOrg();
    const created = await stack.call('POST', '/v1/api-keys', { key: adminKey, body: { role: 'agent', label: 'audited' } });
    await stack.call('DELETE', `/v1/api-keys/${created.body.id}`, { key: adminKey });
    const rows = await stack.database.db.select().from(auditLog).where(and(eq(auditLog.orgId, orgId), eq(auditLog.resourceId, created.body.id)));
    expect(rows.map((r) => r.action).sort()).toEqual(['create', 'delete']);
    expect(rows.every((r) => r.actorKeyId?.startsWith('key_'))).toBe(true);
    expect(rows.find((r) => r.action === 'create')?.after).toMatchObject({ role: 'agent', label: 'audited' });
  });
});
