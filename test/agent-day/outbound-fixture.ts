import { randomNumber } from '../helpers/call-fixture.ts';
import type { TestStack } from '../helpers/local-stack.ts';

/**
 * An organization where one agent works two inboxes: "main" (two numbers, the first primary, the agent's
 * default inbox) and "second" (one number); the agent only watches "watched"; "empty" has no number. A second
 * agent is connected to "main" too.
 */
export async function setUpAgentDay(stack: TestStack, routing: Record<string, unknown> = { ringTimeoutSec: 2, maxWaitSec: 3 }) {
  const { orgId, adminKey } = await stack.createOrg();
  const as = async (method: string, path: string, body?: unknown) => {
    const response = await stack.call(method, path, { key: adminKey, body });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const inbox = async (name: string, numbers: number) => {
    const { id } = await as('POST', '/v1/inboxes', { name, kind: 'shared', timezone: 'UTC' });
    const e164s: string[] = [];
    for (let i = 0; i < numbers; i++) {
      e164s.push(randomNumber());
      await as('POST', `/v1/inboxes/${id}/numbers`, { e164: e164s[i] });
    }
    await as('PATCH', `/v1/inboxes/${id}/policies/routing`, routing);
    return { id: id as string, numbers: e164s };
  };
  const main = await inbox('Main', 2);
  const second = await inbox('Second', 1);
  const watched = await inbox('Watched', 1);
  const empty = await inbox('Empty', 0);
  const user = async (name: string) => as('POST', '/v1/users', { name, email: `${name}@x.test`, role: 'agent', presence: 'available', phone: randomNumber() });
  const agent = await user('ana');
  const colleague = await user('bo');
  for (const [inboxId, userId, role] of [[main.id, agent.id, 'connected'], [second.id, agent.id, 'connected'], [watched.id, agent.id, 'watching'],
    [empty.id, agent.id, 'connected'], [main.id, colleague.id, 'connected']]) {
    await as('PUT', `/v1/inboxes/${inboxId}/members/${userId}`, { role, position: userId === agent.id ? 0 : 1 });
  }
  await as('PATCH', `/v1/users/${agent.id}`, { defaultInboxId: main.id });
  const keyFor = async (role: string, userId?: string) => (await as('POST', '/v1/api-keys', { role, ...(userId ? { userId } : {}) })).key as string;
  return {
    orgId, adminKey, as, main, second, watched, empty, agentId: agent.id as string, colleagueId: colleague.id as string,
    agentKey: await keyFor('agent', agent.id), colleagueKey: await keyFor('agent', colleague.id), userlessAgentKey: await keyFor('agent'),
    userlessSupervisorKey: await keyFor('supervisor'),
  };
}

export type AgentDay = Awaited<ReturnType<typeof setUpAgentDay>>;
