// Every page as a person meets it: a busy inbox, each page checked for what makes it usable (one h1, every
// control labelled, no failed request or script error, readable on a phone without sideways scrolling).
// With CONSOLE_SCREENSHOTS=1 it also writes the README's pictures to docs/console/.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCallId, randomNumber } from '../helpers/call-fixture.ts';
import { screenshot, startConsoleWorld, type ConsoleWorld } from './console-world.ts';

let world: ConsoleWorld;
beforeAll(async () => (world = await startConsoleWorld()));
afterAll(() => world?.stop());

const customers = { rosa: randomNumber(), tom: randomNumber(), lee: randomNumber() };

/** A morning in the Support inbox: texts, an answered call, an abandoned one, a voicemail, and a call still ringing. */
async function busyMorning(): Promise<string> {
  const { support, users, as } = world.org;
  await as('PUT', `/v1/inboxes/${support.id}/policies/routing`, { ringTimeoutSec: 2, maxWaitSec: 3 });
  await world.receiveText(support.number, customers.rosa, 'Hi! Is the shop open on Sunday?');
  await world.receiveText(support.number, customers.tom, 'My sink is leaking again, can someone come today?');
  const call = async (from: string) => {
    const callId = newCallId();
    await world.carrier.sendVoice({ type: 'call.initiated', callId, from, to: support.number });
    await world.carrier.nextCommand(callId, 'ring');
    return callId;
  };
  const answered = await call(customers.tom);
  await world.carrier.sendVoice({ type: 'call.answered', callId: answered, userId: users.ada });
  await world.carrier.sendVoice({ type: 'call.hangup', callId: answered, party: 'caller' });
  const abandoned = await call(customers.lee);
  await world.carrier.sendVoice({ type: 'call.hangup', callId: abandoned, party: 'caller' });
  const voicemail = await call(customers.rosa);
  await world.carrier.nextCommand(voicemail, 'voicemail');
  await world.carrier.sendVoice({ type: 'call.voicemail', callId: voicemail, recordingUrl: 'https://recordings.example/rv1.mp3', durationSec: 14, transcription: 'Hi, Rosa again. Please call me back about Sunday.' });
  for (const callId of [answered, abandoned, voicemail]) await world.stack.client.workflow.getHandle(`call-${callId}`).result();
  // Long enough to be ringing while the pictures are taken.
  await as('PATCH', `/v1/inboxes/${support.id}/policies/routing`, { ringTimeoutSec: 60, maxWaitSec: 120 });
  return call(randomNumber());
}

/** What every page must have; returns problems found. */
async function pageProblems(page: Page): Promise<string[]> {
  const found: string[] = [];
  if ((await page.locator('h1').count()) !== 1) found.push('not exactly one h1');
  if ((await page.locator('main#main').count()) !== 1) found.push('no main landmark');
  const unlabelled = await page.evaluate(`[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
    .filter((e) => !e.labels?.length && !e.getAttribute('aria-label')).map((e) => e.name || e.id)`) as string[];
  if (unlabelled.length) found.push(`controls without a label: ${unlabelled.join(', ')}`);
  const overflow = await page.evaluate('document.documentElement.scrollWidth > window.innerWidth + 1') as boolean;
  if (overflow) found.push('scrolls sideways');
  return found;
}

describe('a tour of every page', () => {
  it('as admin, on a laptop and a phone', { timeout: 120_000 }, async () => {
    const ringing = await busyMorning();
    const { support } = world.org;
    const page = await world.signIn('admin');
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`script error: ${error.message}`));
    page.on('console', (message) => message.type() === 'error' && errors.push(`console: ${message.text()}`));
    page.on('response', (response) => response.status() >= 400 && errors.push(`${response.status()} ${response.url()}`));

    const conversation = (await world.stack.call('GET', `/v1/inboxes/${support.id}/feed`, { key: world.org.adminKey })).body.items
      .find((t: { contact: { phone: string } }) => t.contact.phone === customers.rosa).conversationId;
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'America/New_York' });
    const pages: [string, string][] = [
      ['inboxes', '/console/inboxes'],
      ['feed-threaded', `/console/inboxes/${support.id}`],
      ['feed-unthreaded', `/console/inboxes/${support.id}?view=unthreaded&filter=all`],
      ['conversation', `/console/conversations/${conversation}`],
      ['live-calls', `/console/inboxes/${support.id}/calls`],
      ['call', `/console/calls/${ringing}`],
      ['policy-routing', `/console/inboxes/${support.id}/policies/routing`],
      ['policy-automation', `/console/inboxes/${support.id}/policies/automation`],
      ['policy-notifications', `/console/inboxes/${support.id}/policies/notifications`],
      ['policy-reports', `/console/inboxes/${support.id}/policies/reports`],
      ['daily-report', `/console/inboxes/${support.id}/report?date=${today}`],
      ['audit-log', '/console/audit-log'],
    ];
    const problems: string[] = [];
    for (const viewport of [{ width: 1280, height: 900, suffix: '' }, { width: 390, height: 844, suffix: '-phone' }]) {
      await page.setViewportSize(viewport);
      for (const [name, path] of pages) {
        await page.goto(`${world.stack.url}${path}`);
        problems.push(...(await pageProblems(page)).map((p) => `${name}${viewport.suffix}: ${p}`));
        await screenshot(page, `${name}${viewport.suffix}`);
      }
    }
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);

    // The report is the email as mailed: its heading and figures, the chart inlined.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${world.stack.url}/console/inboxes/${support.id}/report?date=${today}`);
    const email = page.frameLocator('iframe.email');
    expect(await email.getByRole('heading', { level: 1 }).textContent()).toBe('Daily activity');
    expect(await email.locator('img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await email.locator('body').textContent()).toContain('Inbound calls');
    await page.getByLabel(/^Day/).fill('2999-01-01');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await page.locator('#date-error').textContent()).toContain('must be on or before');
  });
});
