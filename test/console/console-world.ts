import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { randomNumber, startCallWorld, type CallWorld } from '../helpers/call-fixture.ts';
import { messageWorkflowId } from '../../workflows/messages/contract.ts';

export type Role = 'admin' | 'supervisor' | 'agent';
export const roles: Role[] = ['admin', 'supervisor', 'agent'];

/** Debian's chromium (`.ci/run` installs it); playwright-core drives it and downloads no browser of its own. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ConsoleWorld extends CallWorld {
  browser: Browser;
  org: Awaited<ReturnType<typeof setUpOrg>>;
  /** A fresh browser context (its own cookies) signed in with the role's key, on the inboxes page. */
  signIn(role: Role): Promise<Page>;
  /** An inbound text to an inbox's number, settled. */
  receiveText(to: string, from: string, body: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real stack with the carrier simulator, one organization (a Support inbox where the agent works, a Sales
 * inbox it is not in) and a headless Chromium. Playwright launches it with a fresh profile (--user-data-dir) each time.
 */
export async function startConsoleWorld(options: { closeGraceMs?: number } = {}): Promise<ConsoleWorld> {
  const world = await startCallWorld(options);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const org = await setUpOrg(world);
  let sequence = 0;
  return {
    ...world,
    browser,
    org,
    async signIn(role) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${world.stack.url}/console/`);
      await page.getByLabel('API key').fill(org.keys[role]);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.url()).toContain('/console/inboxes');
      return page;
    },
    async receiveText(to, from, body) {
      const messageId = `SMconsole${Date.now()}${sequence++}`;
      const response = await world.carrier.sendMessaging({ type: 'message.received', messageId, from, to, body });
      expect(response.status).toBe(202);
      await world.stack.client.workflow.getHandle(messageWorkflowId(messageId)).result();
    },
    async stop() {
      await browser.close();
      await world.stop();
    },
  };
}

async function setUpOrg(world: CallWorld) {
  const { adminKey } = await world.stack.createOrg('Acme Plumbing');
  const as = async (method: string, path: string, body?: unknown) => {
    const response = await world.stack.call(method, path, { key: adminKey, body });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const inbox = async (name: string, agents: string[]) => {
    const created = await as('POST', '/v1/inboxes', { name, kind: 'shared', timezone: 'America/New_York' });
    const number = randomNumber();
    await as('POST', `/v1/inboxes/${created.id}/numbers`, { e164: number, primary: true });
    for (const [position, userId] of agents.entries()) await as('PUT', `/v1/inboxes/${created.id}/members/${userId}`, { role: 'connected', position });
    return { id: created.id as string, name, number };
  };
  const user = async (name: string, role: Role) =>
    (await as('POST', '/v1/users', { name, email: `${name.toLowerCase()}@acme.test`, role, presence: 'available', phone: randomNumber() })).id as string;
  const ada = await user('Ada', 'agent');
  const bob = await user('Bob', 'agent');
  const cy = await user('Cy', 'agent');
  const sam = await user('Sam', 'supervisor');
  const support = await inbox('Support', [ada, bob]);
  const sales = await inbox('Sales', [cy]);
  const keys: Record<Role, string> = {
    admin: adminKey,
    supervisor: (await as('POST', '/v1/api-keys', { role: 'supervisor', userId: sam })).key,
    agent: (await as('POST', '/v1/api-keys', { role: 'agent', userId: ada })).key,
  };
  return { adminKey, as, users: { ada, bob, cy }, support, sales, keys };
}

/** Writes docs/console/<name>.png when CONSOLE_SCREENSHOTS=1 (how the README's pictures are made). */
export async function screenshot(page: Page, name: string) {
  if (process.env.CONSOLE_SCREENSHOTS !== '1') return;
  const dir = new URL('../../docs/console/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${dir}${name}.png`, fullPage: true });
}
