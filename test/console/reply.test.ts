import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomNumber } from '../helpers/call-fixture.ts';
import { roles, screenshot, startConsoleWorld, type ConsoleWorld } from './console-world.ts';

let world: ConsoleWorld;
beforeAll(async () => (world = await startConsoleWorld()));
afterAll(() => world?.stop());

describe('feed, read state and replies', () => {
  // Only admins and the inbox's connected users act on its items (a supervisor key acting for nobody observes).
  it.each(roles.filter((role) => role !== 'supervisor'))('as %s: a text arrives unread, is marked read and unread, and a reply goes out through the carrier', async (role) => {
    const { support } = world.org;
    const customer = randomNumber();
    await world.receiveText(support.number, customer, `Is the shop open Sunday? (${role})`);
    const page = await world.signIn(role);

    const row = page.getByRole('row', { name: /Support/ });
    const unreadBefore = Number(await row.locator('.badge').textContent());
    expect(unreadBefore).toBeGreaterThanOrEqual(1);
    await page.getByRole('link', { name: 'Support' }).click();
    const thread = page.locator('li.item', { has: page.getByRole('link', { name: customer }) });
    expect(await thread.locator('.badge').textContent()).toBe('1 unread');
    expect(await thread.locator('.summary').textContent()).toContain(`Is the shop open Sunday? (${role})`);

    // Unthreaded, unread only: the message, then marked read it leaves that view.
    await page.getByRole('link', { name: 'Unthreaded' }).click();
    await page.getByRole('link', { name: 'Unread', exact: true }).click();
    const item = page.locator('li.item', { hasText: `(${role})` });
    await item.getByRole('button', { name: 'Mark read' }).click();
    await expect.poll(() => item.count()).toBe(0);
    await page.getByRole('link', { name: 'All', exact: true }).click();
    await item.getByRole('button', { name: 'Mark unread' }).click();
    await item.getByRole('button', { name: 'Mark read' }).waitFor();

    // The conversation: an empty reply is refused next to the box, a real one is sent and shown.
    await item.getByRole('link', { name: customer }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(customer);
    await page.getByRole('button', { name: 'Send' }).click();
    expect(await page.locator('#reply-body-error').textContent()).toBeTruthy();
    expect(await page.getByLabel('Reply by text message').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Reply by text message').fill(`Yes, 10 to 4 (${role})`);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status').filter({ hasText: /Reply (sent|accepted)/ }).waitFor();
    expect(await page.locator('li.item.outbound .summary').last().textContent()).toContain(`Yes, 10 to 4 (${role})`);
    const sms = world.carrier.commands.filter((c) => c.body.command === 'sms' && c.body.to === customer);
    expect(sms.map((c) => c.body.body)).toEqual([`Yes, 10 to 4 (${role})`]);
    // An agent's reply marks the conversation read (the inbox is not manual-mark-as-read-only); the admin's key
    // names no user, and a reply from no one in particular leaves read state alone, as in the API.
    expect(await page.locator('li.item.unread').count()).toBe(role === 'admin' ? 1 : 0);
    await page.context().close();
  });

  it('an agent sees only its inboxes: another one is neither listed nor reachable', async () => {
    const page = await world.signIn('agent');
    expect(await page.getByRole('link', { name: 'Support' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Sales' }).count()).toBe(0);
    await screenshot(page, 'inboxes-agent');
    expect((await page.goto(`${world.stack.url}/console/inboxes/${world.org.sales.id}`))!.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
    await page.context().close();
  });
});
