import { randomBytes } from 'node:crypto';
import { CarrierSimulator } from '../helpers/carrier-simulator.ts';
import { randomNumber } from '../helpers/call-fixture.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { TelnyxFake } from './fakes/telnyx-fake.ts';
import { TwilioFake } from './fakes/twilio-fake.ts';

export type Carrier = 'native' | 'twilio' | 'telnyx';
export const carriers: Carrier[] = ['native', 'twilio', 'telnyx'];

// What Twilio is configured to call and signs; a proxy in front of Switchboard forwards it (docs/carriers.md).
export const PUBLIC_BASE_URL = 'https://switchboard.example.test';

export interface CarrierWorld {
  stack: TestStack;
  native: CarrierSimulator;
  telnyx: TelnyxFake;
  twilio: TwilioFake;
  stop(): Promise<void>;
}

/** The real stack wired to all three carriers: our simulator, and local fakes of Twilio's and Telnyx's APIs. */
export async function startCarrierWorld(): Promise<CarrierWorld> {
  const secrets = { apiSecret: `sim-api-${randomBytes(8).toString('hex')}`, webhookSecret: `sim-hook-${randomBytes(8).toString('hex')}` };
  const native = new CarrierSimulator(secrets);
  const telnyx = new TelnyxFake();
  const twilio = new TwilioFake();
  await Promise.all([native.start(), telnyx.start(), twilio.start()]);
  const stack = await startTestStack({
    carrierUrl: native.url, carrierSecret: secrets.apiSecret, webhookSecret: secrets.webhookSecret,
    carriers: { publicBaseUrl: PUBLIC_BASE_URL, twilio: { apiUrl: twilio.url }, telnyx: { apiUrl: telnyx.url } },
  });
  native.setApiUrl(stack.url);
  telnyx.webhookUrl = `${stack.url}/v1/carriers/telnyx`;
  twilio.baseUrl = stack.url;
  return { stack, native, telnyx, twilio, stop: async () => { await stack.stop(); await Promise.all([native.stop(), telnyx.stop(), twilio.stop()]); } };
}

/** Where a public URL Twilio was given actually reaches the test's server. */
export const reachable = (world: CarrierWorld, publicUrl: string) => publicUrl.replace(PUBLIC_BASE_URL, world.stack.url);

export interface CarrierInbox {
  carrier: Carrier;
  orgId: string;
  adminKey: string;
  inboxId: string;
  number: string;
  agents: string[];
  as: (method: string, path: string, body?: unknown) => Promise<any>;
}

/** An organization with the carrier's credentials, one shared inbox with a number that carrier serves, and available agents with phones. */
export async function setUpCarrierInbox(
  world: CarrierWorld, carrier: Carrier,
  options: { agents?: number; routing?: Record<string, unknown>; automation?: Record<string, unknown>; agentsWithoutPhone?: number } = {},
): Promise<CarrierInbox> {
  const { orgId, adminKey } = await world.stack.createOrg();
  const as = async (method: string, path: string, body?: unknown) => {
    const response = await world.stack.call(method, path, { key: adminKey, body });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  if (carrier === 'twilio') await as('PUT', '/v1/carrier-accounts/twilio', { accountSid: world.twilio.accountSid, authToken: world.twilio.authToken });
  if (carrier === 'telnyx') await as('PUT', '/v1/carrier-accounts/telnyx', { apiKey: world.telnyx.apiKey, publicKey: world.telnyx.publicKey, connectionId: 'conn-1' });
  const inbox = await as('POST', '/v1/inboxes', { name: `${carrier} line`, kind: 'shared', timezone: 'UTC' });
  const number = randomNumber();
  await as('POST', `/v1/inboxes/${inbox.id}/numbers`, { e164: number, carrier });
  const agents: string[] = [];
  const count = (options.agents ?? 2) + (options.agentsWithoutPhone ?? 0);
  for (let i = 0; i < count; i++) {
    const phone = i < (options.agents ?? 2) ? { phone: randomNumber() } : {};
    const user = await as('POST', '/v1/users', { name: `Agent ${i}`, email: `agent${i}@x.test`, role: 'agent', presence: 'available', ...phone });
    await as('PUT', `/v1/inboxes/${inbox.id}/members/${user.id}`, { role: 'connected', position: i });
    agents.push(user.id);
  }
  if (options.routing) await as('PATCH', `/v1/inboxes/${inbox.id}/policies/routing`, options.routing);
  if (options.automation) await as('PATCH', `/v1/inboxes/${inbox.id}/policies/automation`, options.automation);
  return { carrier, orgId, adminKey, inboxId: inbox.id, number, agents, as };
}
