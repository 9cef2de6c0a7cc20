import { randomBytes } from 'node:crypto';
import { CarrierSimulator } from './carrier-simulator.ts';
import type { TestStack } from './local-stack.ts';
import { startTestStack } from './stack.ts';

export interface CallWorld {
  stack: TestStack;
  carrier: CarrierSimulator;
  stop(): Promise<void>;
}

/** The real stack wired to a carrier simulator that shares its secrets. */
export async function startCallWorld(options: { smtpUrl?: string; databaseUrl?: string; closeGraceMs?: number } = {}): Promise<CallWorld> {
  const secrets = { apiSecret: `sim-api-${randomBytes(8).toString('hex')}`, webhookSecret: `sim-hook-${randomBytes(8).toString('hex')}` };
  const carrier = new CarrierSimulator(secrets);
  await carrier.start();
  const stack = await startTestStack({ ...options, carrierUrl: carrier.url, carrierSecret: secrets.apiSecret, webhookSecret: secrets.webhookSecret });
  carrier.setApiUrl(stack.url);
  return { stack, carrier, stop: async () => { await stack.stop(); await carrier.stop(); } };
}

export const randomNumber = () => `+1${2 + Math.floor(Math.random() * 8)}${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
export const newCallId = () => `CA${randomBytes(8).toString('hex')}`;

/** An organization with one shared inbox, its number, and available agents connected in this order. */
export async function setUpInbox(stack: TestStack, options: { agents?: number; routing?: Record<string, unknown>; automation?: Record<string, unknown>; timezone?: string } = {}) {
  const { orgId, adminKey } = await stack.createOrg();
  const as = async (method: string, path: string, body?: unknown) => {
    const response = await stack.call(method, path, { key: adminKey, body });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const inbox = await as('POST', '/v1/inboxes', { name: 'Main line', kind: 'shared', timezone: options.timezone ?? 'UTC' });
  const number = randomNumber();
  await as('POST', `/v1/inboxes/${inbox.id}/numbers`, { e164: number });
  const agents: string[] = [];
  for (let i = 0; i < (options.agents ?? 2); i++) {
    const user = await as('POST', '/v1/users', { name: `Agent ${i}`, email: `agent${i}@x.test`, role: 'agent', presence: 'available', phone: randomNumber() });
    await as('PUT', `/v1/inboxes/${inbox.id}/members/${user.id}`, { role: 'connected', position: i });
    agents.push(user.id);
  }
  if (options.routing) await as('PATCH', `/v1/inboxes/${inbox.id}/policies/routing`, options.routing);
  if (options.automation) await as('PATCH', `/v1/inboxes/${inbox.id}/policies/automation`, options.automation);
  return { orgId, adminKey, inboxId: inbox.id as string, number, agents, as };
}
