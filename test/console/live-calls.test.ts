import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCallId, randomNumber } from '../helpers/call-fixture.ts';
import { roles, startConsoleWorld, type ConsoleWorld } from './console-world.ts';

let world: ConsoleWorld;
beforeAll(async () => (world = await startConsoleWorld()));
afterAll(() => world?.stop());

/** Polls the API until the call has this status. */
async function apiStatus(callId: string, status: string) {
  await expect.poll(async () => (await world.stack.call('GET', `/v1/calls/${callId}`, { key: world.org.adminKey })).body.status, { timeout: 15_000, interval: 50 })
    .toBe(status);
}

describe('live calls', () => {
  it.each(roles)('as %s: a call shows ringing, then answered, then completed without a reload, each within a second of the API', async (role) => {
    const page = await world.signIn(role);
    const { support, users } = world.org;
    await page.getByRole('link', { name: 'Support' }).click();
    await page.getByRole('link', { name: 'Live calls' }).first().click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Live calls');
    // Left on the window: a reload would lose it.
    await page.evaluate('window.notReloaded = true');

    const callId = newCallId();
    const card = page.locator(`article[data-call-id="${callId}"]`);
    expect((await world.carrier.sendVoice({ type: 'call.initiated', callId, from: randomNumber(), to: support.number })).status).toBe(202);
    await world.carrier.nextCommand(callId, 'ring');
    await apiStatus(callId, 'ringing');
    await card.and(page.locator('[data-status="ringing"]')).waitFor({ timeout: 1000 });
    // Names as the key may see users: an agent sees only itself, as in the API.
    expect(await card.locator('.ringing').textContent()).toBe(role === 'agent' ? 'Ada, a teammate' : 'Ada, Bob');

    await world.carrier.sendVoice({ type: 'call.answered', callId, userId: users.ada });
    await apiStatus(callId, 'connected');
    await card.and(page.locator('[data-status="connected"]')).waitFor({ timeout: 1000 });
    expect(await card.locator('.answered-by').textContent()).toBe('Ada');
    expect(await card.locator('.timeline').textContent()).toContain('answered');

    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller' });
    await apiStatus(callId, 'completed');
    await card.and(page.locator('[data-status="completed"]')).waitFor({ timeout: 1000 });
    expect(await page.evaluate('window.notReloaded')).toBe(true);

    // The call's own page shows the same timeline.
    await card.getByRole('heading').waitFor();
    await page.goto(`${world.stack.url}/console/calls/${callId}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Call ${callId}`);
    expect(await page.locator('.timeline li').count()).toBeGreaterThan(2);
    await page.context().close();
  });

  it("an agent's stream refuses an inbox it is not in", async () => {
    const page = await world.signIn('agent');
    const response = await page.goto(`${world.stack.url}/console/inboxes/${world.org.sales.id}/calls`);
    expect(response!.status()).toBe(404);
    const stream = await page.request.get(`${world.stack.url}/console/inboxes/${world.org.sales.id}/calls/stream`);
    expect(stream.status()).toBe(404);
    await page.context().close();
  });
});
