import { randomInt } from 'node:crypto';
import { ApiError, type ApiClient } from './api-client.ts';
import { businessHours, demoOrg, inboxes, notifications, people, watcher, type Agent, type InboxName, type Person } from './day-script.ts';

export interface SeededOrg {
  orgId: string;
  adminKey: string;
  userIds: Record<Person, string>;
  inboxIds: Record<InboxName, string>;
  numbers: Record<InboxName, string>;
  /** Keys that act for each agent, for their replies. */
  agentKeys: Record<Agent, string>;
}

/** Creates the demo organization through the API, as an admin would: people, teams, inboxes, numbers, members and every policy but reports. */
export async function seedDemoOrg(platform: ApiClient, playedDay: string): Promise<SeededOrg> {
  const created = await platform.request<{ org: { id: string }; adminKey: string }>('POST', '/v1/orgs', demoOrg);
  const admin = platform.as(created.adminKey);

  const userIds = {} as Record<Person, string>;
  for (const [handle, person] of Object.entries(people) as [Person, (typeof people)[Person]][]) {
    userIds[handle] = (await admin.request<{ id: string }>('POST', '/v1/users', person)).id;
  }
  const agentKeys = {} as Record<Agent, string>;
  for (const handle of Object.keys(people).filter((h) => people[h as Person].role === 'agent') as Agent[]) {
    agentKeys[handle] = (await admin.request<{ key: string }>('POST', '/v1/api-keys', { role: 'agent', userId: userIds[handle], label: `demo: ${people[handle].name}` })).key;
  }

  const inboxIds = {} as Record<InboxName, string>;
  const numbers = {} as Record<InboxName, string>;
  for (const [name, inbox] of Object.entries(inboxes) as [InboxName, (typeof inboxes)[InboxName]][]) {
    const team = await admin.request<{ id: string }>('POST', '/v1/teams', { name: inbox.team });
    for (const agent of inbox.agents) await admin.request('PUT', `/v1/teams/${team.id}/members/${userIds[agent]}`, { role: 'member' });
    await admin.request('PUT', `/v1/teams/${team.id}/members/${userIds[watcher]}`, { role: 'supervisor' });

    const { id } = await admin.request<{ id: string }>('POST', '/v1/inboxes', { name: inbox.name, kind: 'shared', teamId: team.id, timezone: demoOrg.timezone });
    inboxIds[name] = id;
    numbers[name] = await claimNumber(admin, id);
    for (const [position, agent] of inbox.agents.entries()) {
      await admin.request('PUT', `/v1/inboxes/${id}/members/${userIds[agent]}`, { role: 'connected', position });
    }
    await admin.request('PUT', `/v1/inboxes/${id}/members/${userIds[watcher]}`, { role: 'watching' });
    await admin.request('PUT', `/v1/inboxes/${id}/policies/routing`, { ...inbox.routing, businessHours: businessHours(name, playedDay) });
    await admin.request('PUT', `/v1/inboxes/${id}/policies/automation`, inbox.automation);
    await admin.request('PUT', `/v1/inboxes/${id}/policies/notifications`, notifications);
  }
  return { orgId: created.org.id, adminKey: created.adminKey, userIds, inboxIds, numbers, agentKeys };
}

/**
 * A number belongs to one inbox in the whole deployment, and every demo run seeds a new organization, so each
 * takes a free one of the numbers set aside for fiction (555-0100 to 555-0199), trying again if it is taken.
 */
async function claimNumber(admin: ApiClient, inboxId: string): Promise<string> {
  const areas = ['212', '312', '415', '617', '206', '303', '512', '404', '702', '919'];
  for (let attempt = 0; ; attempt++) {
    const e164 = `+1${areas[randomInt(areas.length)]}55501${String(randomInt(100)).padStart(2, '0')}`;
    try {
      await admin.request('POST', `/v1/inboxes/${inboxId}/numbers`, { e164, primary: true });
      return e164;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 409) || attempt >= 50) throw error;
    }
  }
}
