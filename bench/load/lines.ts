import { randomUUID } from 'node:crypto';
import { call } from '../../test/helpers/http.ts';

/** A number of Switchboard's that rings one set of agents; the baseline has no such set-up and needs none. */
export interface Line {
  number: string;
  agents: string[];
}

// Numbers unique across runs (a DATABASE_URL may be reused): +1 <area> <5 digits of this run> <2 digits>.
const runKey = String(Date.now() % 1e5).padStart(5, '0');
let issued = 0;
export const newNumber = () => `+1${200 + (Math.floor(issued / 100) % 700)}${runKey}${String(issued++ % 100).padStart(2, '0')}`;

/** One organization for the benchmark on this Switchboard; answers its admin key. */
export async function createOrganization(apiUrl: string, platformKey: string): Promise<string> {
  const response = await call(apiUrl, 'POST', '/v1/orgs', { key: platformKey, body: { name: `Call load ${runKey}`, timezone: 'UTC' } });
  if (response.status !== 201) throw new Error(`creating the organization: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.adminKey as string;
}

/**
 * A shared inbox with a number, `agents` connected agents (available, with a phone) and this routing: what a
 * small team's line looks like. No watchers, so no notification email is part of what is measured.
 */
export async function createLine(apiUrl: string, adminKey: string, agents: number, routing: Record<string, unknown>): Promise<Line> {
  const as = async (method: string, path: string, body?: unknown) => {
    const response = await call(apiUrl, method, path, { key: adminKey, body });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const tag = randomUUID().slice(0, 8);
  const inbox = await as('POST', '/v1/inboxes', { name: `Line ${tag}`, kind: 'shared', timezone: 'UTC' });
  const number = newNumber();
  await as('POST', `/v1/inboxes/${inbox.id}/numbers`, { e164: number });
  const ids: string[] = [];
  for (let i = 0; i < agents; i++) {
    const user = await as('POST', '/v1/users', { name: `Agent ${i} ${tag}`, email: `agent${i}.${tag}@bench.test`, role: 'agent', presence: 'available', phone: newNumber() });
    await as('PUT', `/v1/inboxes/${inbox.id}/members/${user.id}`, { role: 'connected', position: i });
    ids.push(user.id);
  }
  await as('PATCH', `/v1/inboxes/${inbox.id}/policies/routing`, routing);
  return { number, agents: ids };
}
