import { randomUUID } from 'node:crypto';
import { call } from '../helpers/http.ts';

/** How a line (an inbox with its own number) treats calls: open and ringing, or closed with one after-hours rule. */
export type LineKind = 'open' | 'closed_voicemail' | 'closed_hangup';

export interface Line {
  kind: LineKind;
  inboxId: string;
  number: string;
  /** Connected agents in ring order (two on open lines). */
  agents: string[];
  watcher: { userId: string; email: string };
}

export const AUTO_REPLY = 'We are closed; we will answer tomorrow.';

let numbers = 0;
// Unique across runs and lines: 555 numbers keyed by this run's start.
const runKey = String(Date.now() % 1e5).padStart(5, '0');
export const newNumber = () => `+1${(200 + (numbers % 700)).toString()}${runKey}${String(Math.floor(numbers++ / 700)).padStart(2, '0')}`;

/**
 * One organization for the whole run, then one line per call, so no call's agents are busy with another
 * call and every call's outcome is defined by its scenario alone. Every line has one watcher who gets
 * every notification (missed, voicemail, abandoned, inbound message); closed lines auto-reply to SMS.
 */
export async function createOrganization(apiUrl: string, platformKey: string): Promise<string> {
  const response = await call(apiUrl, 'POST', '/v1/orgs', { key: platformKey, body: { name: `Fault run ${runKey}`, timezone: 'UTC' } });
  if (response.status !== 201) throw new Error(`creating the organization: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.adminKey as string;
}

export async function createLine(apiUrl: string, adminKey: string, kind: LineKind, routing: { ringTimeoutSec: number; maxWaitSec: number }): Promise<Line> {
  const as = async (method: string, path: string, body?: unknown) => {
    const response = await call(apiUrl, method, path, { key: adminKey, body });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const tag = randomUUID().slice(0, 8);
  const inbox = await as('POST', '/v1/inboxes', { name: `Line ${tag}`, kind: 'shared', timezone: 'UTC' });
  const number = newNumber();
  await as('POST', `/v1/inboxes/${inbox.id}/numbers`, { e164: number });
  const agents: string[] = [];
  for (let i = 0; i < (kind === 'open' ? 2 : 1); i++) {
    const user = await as('POST', '/v1/users', { name: `Agent ${i} ${tag}`, email: `agent${i}.${tag}@faults.test`, role: 'agent', presence: 'available', phone: newNumber() });
    await as('PUT', `/v1/inboxes/${inbox.id}/members/${user.id}`, { role: 'connected', position: i });
    agents.push(user.id);
  }
  const email = `watcher.${tag}@faults.test`;
  const watcher = await as('POST', '/v1/users', { name: `Watcher ${tag}`, email, role: 'supervisor' });
  await as('PUT', `/v1/inboxes/${inbox.id}/members/${watcher.id}`, { role: 'watching' });
  await as('PATCH', `/v1/inboxes/${inbox.id}/policies/notifications`, { watchers: { missedCall: true, voicemail: true, abandonedCall: true, inboundMessage: true } });
  if (kind === 'open') {
    await as('PATCH', `/v1/inboxes/${inbox.id}/policies/routing`, { strategy: 'sequential', ...routing });
  } else {
    await as('PATCH', `/v1/inboxes/${inbox.id}/policies/routing`, { businessHours: { weekly: {}, holidays: [] }, afterHours: kind === 'closed_voicemail' ? 'voicemail' : 'hangup' });
    await as('PATCH', `/v1/inboxes/${inbox.id}/policies/automation`, { afterHoursAutoReply: { body: AUTO_REPLY } });
  }
  return { kind, inboxId: inbox.id, number, agents, watcher: { userId: watcher.id, email } };
}
