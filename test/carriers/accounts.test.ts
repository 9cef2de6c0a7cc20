import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomNumber } from '../helpers/call-fixture.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
beforeAll(async () => (stack = await startTestStack()));
afterAll(() => stack?.stop());

const TWILIO = { accountSid: `AC${'0123456789abcdef'.repeat(2)}`, authToken: 'auth-token-secret-1234' };
const TELNYX = { apiKey: 'KEY0123-secret', publicKey: Buffer.alloc(32, 7).toString('base64') };

describe('carrier accounts', () => {
  it('an admin sets, reads and removes credentials; secrets are never shown back, nor written to the audit log', async () => {
    const { adminKey } = await stack.createOrg();
    const as = (method: string, path: string, body?: unknown) => stack.call(method, path, { key: adminKey, body });
    expect((await as('GET', '/v1/carrier-accounts/twilio')).status).toBe(404);
    const put = await as('PUT', '/v1/carrier-accounts/twilio', TWILIO);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ carrier: 'twilio', source: 'organization', fields: { accountSid: true, authToken: true } });
    expect((await as('PUT', '/v1/carrier-accounts/telnyx', TELNYX)).body).toMatchObject({ fields: { apiKey: true, publicKey: true, connectionId: false } });
    const read = await as('GET', '/v1/carrier-accounts/twilio');
    expect(read.body).toEqual(put.body);
    const audit = await as('GET', '/v1/audit-log');
    const everything = JSON.stringify([put.body, read.body, audit.body]);
    for (const secret of [TWILIO.authToken, TWILIO.accountSid, TELNYX.apiKey, TELNYX.publicKey]) expect(everything).not.toContain(secret);
    expect(audit.body.items.filter((e: { resourceType: string }) => e.resourceType === 'carrier_account')).toHaveLength(2);
    expect((await as('DELETE', '/v1/carrier-accounts/twilio')).status).toBe(204);
    expect((await as('GET', '/v1/carrier-accounts/twilio')).status).toBe(404);
    expect((await as('DELETE', '/v1/carrier-accounts/twilio')).status).toBe(404);
  });

  it('on the embedded database too (switchboard dev, one connection): credentials are set, then updated, each answered at once', async () => {
    const embedded = await startTestStack({ embedded: true, worker: false });
    try {
      const { adminKey } = await embedded.createOrg();
      const as = (method: string, path: string, body?: unknown) => embedded.call(method, path, { key: adminKey, body });
      expect((await as('PUT', '/v1/carrier-accounts/telnyx', TELNYX)).status).toBe(200);
      const again = await as('PUT', '/v1/carrier-accounts/telnyx', { ...TELNYX, connectionId: 'conn-2' });
      expect(again.body).toMatchObject({ carrier: 'telnyx', fields: { apiKey: true, publicKey: true, connectionId: true } });
      const audit = (await as('GET', '/v1/audit-log')).body.items.filter((e: { resourceType: string }) => e.resourceType === 'carrier_account');
      expect(audit.map((e: { action: string }) => e.action).sort()).toEqual(['create', 'update']);
    } finally {
      await embedded.stop();
    }
  });

  it('bad credentials are a 400 naming the field; agents and supervisors may not touch them', async () => {
    const { adminKey } = await stack.createOrg();
    const bad = await stack.call('PUT', '/v1/carrier-accounts/telnyx', { key: adminKey, body: { apiKey: 'k', publicKey: 'too-short' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'publicKey' })]);
    expect((await stack.call('PUT', '/v1/carrier-accounts/twilio', { key: adminKey, body: { ...TWILIO, accountSid: 'AC1' } })).body.errors[0].path).toBe('accountSid');
    for (const role of ['agent', 'supervisor'] as const) {
      const key = await stack.createKey(adminKey, role);
      expect((await stack.call('GET', '/v1/carrier-accounts/twilio', { key })).status).toBe(403);
      expect((await stack.call('PUT', '/v1/carrier-accounts/twilio', { key, body: TWILIO })).status).toBe(403);
    }
  });

  it('a number records its carrier (native unless said), and the inbox shows it', async () => {
    const { adminKey } = await stack.createOrg();
    const inbox = (await stack.call('POST', '/v1/inboxes', { key: adminKey, body: { name: 'Line', kind: 'shared', timezone: 'UTC' } })).body;
    const [native, viaTwilio] = [randomNumber(), randomNumber()];
    await stack.call('POST', `/v1/inboxes/${inbox.id}/numbers`, { key: adminKey, body: { e164: native } });
    await stack.call('POST', `/v1/inboxes/${inbox.id}/numbers`, { key: adminKey, body: { e164: viaTwilio, carrier: 'twilio' } });
    expect((await stack.call('POST', `/v1/inboxes/${inbox.id}/numbers`, { key: adminKey, body: { e164: randomNumber(), carrier: 'plivo' } })).status).toBe(400);
    const shown = (await stack.call('GET', `/v1/inboxes/${inbox.id}`, { key: adminKey })).body.numbers;
    expect(shown.map((n: { e164: string; carrier: string }) => [n.e164, n.carrier])).toEqual([[native, 'native'], [viaTwilio, 'twilio']]);
  });
});
