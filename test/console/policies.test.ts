import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startConsoleWorld, type ConsoleWorld } from './console-world.ts';

let world: ConsoleWorld;
beforeAll(async () => (world = await startConsoleWorld()));
afterAll(() => world?.stop());

const routing = async () => (await world.stack.call('GET', `/v1/inboxes/${world.org.support.id}/policies/routing`, { key: world.org.adminKey })).body;

describe('policy editors', () => {
  it("as admin: the API's field errors show next to their fields and nothing is saved; a valid change is saved and audited", async () => {
    const page = await world.signIn('admin');
    const before = await routing();
    await page.goto(`${world.stack.url}/console/inboxes/${world.org.support.id}/policies/routing`);
    await page.getByLabel('Ring timeout (seconds)').fill('30');
    await page.getByLabel('Maximum wait (seconds)').fill('20');
    await page.getByRole('button', { name: 'Save' }).click();
    const maxWait = page.locator('.field', { has: page.getByLabel('Maximum wait (seconds)') });
    expect(await maxWait.locator('.field-error').textContent()).toBe('must be at least ringTimeoutSec');
    expect(await page.getByLabel('Maximum wait (seconds)').getAttribute('aria-invalid')).toBe('true');
    // The form keeps what was typed, and the policy is unchanged.
    expect(await page.getByLabel('Ring timeout (seconds)').inputValue()).toBe('30');
    expect(await routing()).toEqual(before);

    // Overlapping windows on Monday: the error sits on the second window's row.
    await page.getByLabel('Maximum wait (seconds)').fill('90');
    await page.getByLabel('Open during these hours').check();
    await page.getByLabel('Opens (Monday window 1)').fill('09:00');
    await page.getByLabel('Closes (Monday window 1)').fill('12:00');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByLabel('Opens (Monday window 2)').fill('11:00');
    await page.getByLabel('Closes (Monday window 2)').fill('13:00');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('#f-businessHours-weekly-mon-1 .field-error').textContent()).toBe('overlaps window 0 of mon');
    await screenshot(page, 'policy-routing-error');
    expect((await routing()).businessHours.weekly.mon).toEqual([['09:00', '12:00']]);

    await page.getByLabel('Opens (Monday window 2)').fill('13:00');
    await page.getByLabel('Closes (Monday window 2)').fill('17:00');
    await page.getByLabel('Strategy').selectOption('sequential');
    await page.getByLabel('Holidays (closed all day)').fill('2026-12-25\n2027-01-01');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect(await routing()).toMatchObject({
      strategy: 'sequential', ringTimeoutSec: 30, maxWaitSec: 90,
      businessHours: { weekly: { mon: [['09:00', '12:00'], ['13:00', '17:00']], tue: [] }, holidays: ['2026-12-25', '2027-01-01'] },
    });
    // A third, empty row waits for another Monday window.
    expect(await page.getByLabel('Opens (Monday window 3)').inputValue()).toBe('');

    await page.getByRole('link', { name: 'Audit log' }).click();
    expect(await page.locator('tbody tr').first().textContent()).toContain(`policy ${world.org.support.id}/routing`);
    await page.context().close();
  });

  it('as admin: every other editor saves through the API and shows its errors', async () => {
    const page = await world.signIn('admin');
    const base = `${world.stack.url}/console/inboxes/${world.org.support.id}/policies`;
    await page.goto(`${base}/automation`);
    await page.getByLabel('Mark unread items read after').fill('thirty days');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('#f-autoMarkReadAfter-error').textContent()).toContain('ISO-8601 duration');
    await page.getByLabel('Mark unread items read after').fill('P30D');
    await page.getByLabel('After-hours auto-reply').fill('We are closed; we will text you back in the morning.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

    await page.goto(`${base}/notifications`);
    await page.getByLabel('Abandoned calls').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

    await page.goto(`${base}/reports`);
    await page.getByLabel('Mail the daily report').check();
    await page.getByLabel('watching').uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('#f-dailyActivity-recipients-error').textContent()).toBe('needs at least one recipient group');
    await page.getByLabel('connected').check();
    await page.getByLabel('Send at').fill('18:30');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

    const policy = async (name: string) => (await world.stack.call('GET', `/v1/inboxes/${world.org.support.id}/policies/${name}`, { key: world.org.adminKey })).body;
    expect(await policy('automation')).toEqual({ autoMarkReadAfter: 'P30D', manualMarkReadOnly: false, afterHoursAutoReply: { body: 'We are closed; we will text you back in the morning.' } });
    expect((await policy('notifications')).watchers).toEqual({ missedCall: true, voicemail: true, abandonedCall: true, inboundMessage: false });
    expect((await policy('reports')).dailyActivity).toEqual({ enabled: true, sendAt: '18:30', recipients: ['connected'] });
    await page.context().close();
  });

  it.each(['supervisor', 'agent'] as const)('as %s: the editor is read-only, and a forged save is refused and changes nothing', async (role) => {
    const page = await world.signIn(role);
    const before = await routing();
    await page.goto(`${world.stack.url}/console/inboxes/${world.org.support.id}/policies/routing`);
    expect(await page.getByText('Only admins change policies').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await page.getByLabel('Strategy').isDisabled()).toBe(true);
    if (role === 'supervisor') await screenshot(page, 'policy-routing-read-only');
    // With the session's own form token: the API's role check refuses it.
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const forged = await page.request.post(`${world.stack.url}/console/inboxes/${world.org.support.id}/policies/routing`, {
      form: { _csrf: csrf, strategy: 'round_robin', ringTimeoutSec: '20', maxWaitSec: '120', afterHours: 'voicemail' }, maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('needs the admin role');
    expect(await routing()).toEqual(before);
    if (role === 'agent') {
      expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
      expect((await page.goto(`${world.stack.url}/console/audit-log`))!.status()).toBe(403);
      expect((await page.goto(`${world.stack.url}/console/inboxes/${world.org.support.id}/report`))!.status()).toBe(403);
      expect((await page.goto(`${world.stack.url}/console/inboxes/${world.org.sales.id}/policies/routing`))!.status()).toBe(404);
    }
    await page.context().close();
  });
});
