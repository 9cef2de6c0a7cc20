import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

// One stack with the production defaults, one with tight limits so each limit is reached in a few requests.
let defaults: TestStack;
let tight: TestStack;
beforeAll(async () => {
  [defaults, tight] = await Promise.all([
    startTestStack({ worker: false }),
    startTestStack({ worker: false, rateLimits: { windowSec: 60, perAddress: 40, perKey: 15, authFailures: 10 } }),
  ]);
});
afterAll(async () => {
  await defaults?.stop();
  await tight?.stop();
});

// The API trusts X-Forwarded-For from loopback (its proxy), so the test can speak from many addresses.
const from = (address: string) => ({ 'x-forwarded-for': address });

/** Sends n requests, `parallel` at a time, and counts the answers by status. */
async function burst(n: number, parallel: number, send: (i: number) => Promise<{ status: number }>) {
  const statuses: Record<number, number> = {};
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < n) {
      const { status } = await send(next++);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }));
  return statuses;
}

async function expectTooMany(stack: TestStack, path: string, headers: Record<string, string>, key?: string) {
  const response = await stack.call('GET', path, { key, headers });
  expect(response.status).toBe(429);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe('failed authentication', () => {
  it('with the default limits, 1,000 wrong-key requests from one address are not all answered 401', async () => {
    const statuses = await burst(1000, 20, (i) => defaults.call('GET', '/v1/api-keys', { key: `sbk_guess-${i}`, headers: from('198.51.100.1') }));
    expect(statuses[401]).toBeGreaterThan(0);
    // Failures are counted as they are answered, so up to one per request in flight gets past the limit.
    expect(statuses[401]).toBeLessThanOrEqual(300 + 20);
    expect(statuses[429]).toBe(1000 - statuses[401]!);
    await expectTooMany(defaults, '/v1/api-keys', from('198.51.100.1'), 'sbk_one-more');
  });

  it('stops an address after its failures, and leaves other addresses and bursts of good requests alone', async () => {
    const { adminKey } = await tight.createOrg();
    const guesses = await burst(12, 1, () => tight.call('GET', '/v1/users', { key: 'sbk_wrong', headers: from('203.0.113.9') }));
    expect(guesses).toEqual({ 401: 10, 429: 2 });
    await expectTooMany(tight, '/v1/users', from('203.0.113.9'), adminKey);
    expect((await tight.call('GET', '/v1/users', { key: adminKey, headers: from('203.0.113.10') })).status).toBe(200);
    // Good requests in flight never count as failures, however many arrive at once.
    expect(await burst(30, 30, () => tight.call('GET', '/healthz', { headers: from('203.0.113.11') }))).toEqual({ 200: 30 });
  });
});

describe('per key and per address', () => {
  it('limits one API key across addresses, and not the other keys', async () => {
    const { adminKey } = await tight.createOrg();
    const other = await tight.createKey(adminKey, 'supervisor');
    const statuses = await burst(18, 1, (i) => tight.call('GET', '/v1/teams', { key: other, headers: from(`192.0.2.${i + 1}`) }));
    expect(statuses).toEqual({ 200: 15, 429: 3 });
    await expectTooMany(tight, '/v1/teams', from('192.0.2.100'), other);
    expect((await tight.call('GET', '/v1/teams', { key: adminKey, headers: from('192.0.2.101') })).status).toBe(200);
  });

  it('limits one source address, whatever it asks for', async () => {
    const statuses = await burst(45, 5, () => tight.call('GET', '/healthz', { headers: from('2001:db8::7') }));
    expect(statuses).toEqual({ 200: 40, 429: 5 });
    await expectTooMany(tight, '/openapi.json', from('2001:db8::7'));
    expect((await tight.call('GET', '/healthz', { headers: from('2001:db8:ffff::1') })).status).toBe(200);
  });
});
