import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids.ts';
import { communications, contacts, conversations } from '../../db/schema/index.ts';
import { addDays, localDate } from '../../domain/reports/schedule.ts';
import { randomNumber } from '../helpers/call-fixture.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let sink: SmtpSink;
let stack: TestStack;
beforeAll(async () => {
  sink = new SmtpSink();
  await sink.start();
  stack = await startTestStack({ smtpUrl: sink.url, worker: true });
});
afterAll(async () => {
  await stack?.stop();
  await sink?.stop();
});

// Organizations are created in America/New_York: user and team reports use that day.
const zone = 'America/New_York';

/**
 * Two inboxes of a team's (Sales: numbers N1 and N2; Annex: N3, where only Ann is connected) and one of
 * nobody's concern (Other: N4), with yesterday's calls and messages as the workflows record them.
 */
async function world() {
  const { orgId, adminKey } = await stack.createOrg();
  const as = async (method: string, path: string, body?: unknown) => {
    const response = await stack.call(method, path, { key: adminKey, body });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const user = async (name: string) => (await as('POST', '/v1/users', { name, email: `${name.toLowerCase()}@x.test`, role: 'agent' })).id as string;
  const [ann, bob, cy] = [await user('Ann'), await user('Bob'), await user('Cy')];
  const team = (await as('POST', '/v1/teams', { name: 'Sales' })).id as string;
  await as('PUT', `/v1/teams/${team}/members/${ann}`, { role: 'member' });
  await as('PUT', `/v1/teams/${team}/members/${bob}`, { role: 'member' });
  const inbox = async (name: string, numbers: string[], extra: object = {}) => {
    const created = await as('POST', '/v1/inboxes', { name, kind: 'shared', timezone: zone, ...extra });
    for (const e164 of numbers) await as('POST', `/v1/inboxes/${created.id}/numbers`, { e164 });
    return created.id as string;
  };
  const [n1, n2, n3, n4] = [randomNumber(), randomNumber(), randomNumber(), randomNumber()];
  const sales = await inbox('Sales', [n1, n2], { teamId: team });
  const annex = await inbox('Annex', [n3]);
  await as('PUT', `/v1/inboxes/${annex}/members/${ann}`, { role: 'connected' });
  const other = await inbox('Other', [n4]);
  await as('PUT', `/v1/inboxes/${other}/members/${cy}`, { role: 'connected' });

  const date = addDays(localDate(new Date(), zone), -1);
  const at = (hhmm: string, plusSec = 0) => DateTime.fromISO(`${date}T${hhmm}`, { zone }).plus({ seconds: plusSec }).toJSDate();
  const { db } = stack.database;
  const thread = async (inboxId: string) => {
    const contact = { id: newId('ctc'), orgId, e164: randomNumber() };
    await db.insert(contacts).values(contact);
    const row = { id: newId('cnv'), orgId, inboxId, contactId: contact.id, lastActivityAt: at('18:00') };
    await db.insert(conversations).values(row);
    return { ...row, e164: contact.e164 };
  };
  const rows: (typeof communications.$inferInsert)[] = [];
  const callTo = async (inboxId: string, line: string, occurredAt: Date, status: string, agent?: string) => {
    const c = await thread(inboxId);
    rows.push({
      id: newId('com'), orgId, inboxId, conversationId: c.id, kind: 'call', direction: 'inbound', externalId: `CA${randomUUID()}`, status, fromE164: c.e164, toE164: line,
      occurredAt, ...(agent ? { answeredAt: new Date(occurredAt.getTime() + 10_000), endedAt: new Date(occurredAt.getTime() + 70_000), agentUserId: agent, readAt: occurredAt } : {}),
    });
  };
  const text = async (inboxId: string, line: string, occurredAt: Date, replyBy?: string) => {
    const c = await thread(inboxId);
    const message = { orgId, inboxId, conversationId: c.id, kind: 'message' as const, body: 'hi' };
    rows.push({ ...message, id: newId('com'), direction: 'inbound', externalId: `SM${randomUUID()}`, status: 'received', fromE164: c.e164, toE164: line, occurredAt });
    if (replyBy) {
      rows.push({ ...message, id: newId('com'), direction: 'outbound', externalId: `SM${randomUUID()}`, status: 'sent', fromE164: line, toE164: c.e164, occurredAt: new Date(occurredAt.getTime() + 60_000), agentUserId: replyBy, readAt: occurredAt });
    }
  };
  await callTo(sales, n1, at('09:00'), 'completed', ann);
  await callTo(sales, n1, at('09:30'), 'missed');
  await callTo(sales, n2, at('10:00'), 'completed', bob);
  await text(sales, n2, at('11:00'), bob);
  await callTo(annex, n3, at('12:00'), 'completed', ann);
  await text(annex, n3, at('13:00'));
  await callTo(other, n4, at('14:00'), 'completed', cy);
  await db.insert(communications).values(rows);
  return { orgId, adminKey, as, ann, bob, cy, team, sales, annex, other, n1, n2, n3, n4, date };
}

const line = (e164: string, calls: object, messages: object) => ({ e164, calls: expect.objectContaining(calls), messages });

describe('reports by line, user and team', () => {
  it("an inbox's daily figures break down per number, in the API and in the report email", async () => {
    const w = await world();
    await w.as('PATCH', `/v1/inboxes/${w.sales}/policies/reports`, { dailyActivity: { recipients: ['connected'] } });
    const report = await stack.call('GET', `/v1/inboxes/${w.sales}/reports/daily?date=${w.date}`, { key: w.adminKey });
    expect(report.status).toBe(200);
    expect(report.body.figures.byNumber).toEqual([
      line(w.n1, { inbound: 2, answered: 1, missed: 1, answerRate: 0.5 }, { inbound: 0, outbound: 0 }),
      line(w.n2, { inbound: 1, answered: 1, missed: 0, answerRate: 1 }, { inbound: 1, outbound: 1 }),
    ]);

    const sent = await stack.call('POST', `/v1/inboxes/${w.sales}/reports/daily/send`, { key: w.adminKey, body: { date: w.date } });
    expect(sent.status).toBe(202);
    const [email] = await sink.emailsTo('ann@x.test');
    expect(email!.parsed.text).toContain(`${w.n1}: 2 / 1 / 1 / 50%, 0 / 0`);
    expect(email!.parsed.text).toContain(`${w.n2}: 1 / 1 / 0 / 100%, 1 / 1`);
    expect(email!.parsed.html as string).toContain(w.n2);
  });

  it("a user's day covers the inboxes it is connected to, in the organization's timezone; an agent sees only its own", async () => {
    const w = await world();
    const annKey = (await w.as('POST', '/v1/api-keys', { role: 'agent', userId: w.ann })).key;
    const report = await stack.call('GET', `/v1/users/${w.ann}/reports/daily?date=${w.date}`, { key: annKey });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ userId: w.ann, date: w.date, timezone: zone, complete: true });
    expect(report.body.inboxes.map((i: { name: string }) => i.name)).toEqual(['Sales', 'Annex']);
    const { figures } = report.body;
    // Sales' four calls and Annex's one; Sales' message pair and Annex's unanswered message. Nothing of Other's.
    expect(figures.calls).toMatchObject({ inbound: 4, answered: 3, missed: 1 });
    expect(figures.messages).toMatchObject({ inbound: 2, outbound: 1 });
    expect(figures.agents).toEqual([{ userId: w.ann, name: 'Ann', callsAnswered: 2, talkTimeSec: 120, messagesSent: 0 }]);
    expect(figures.byNumber.map((n: { e164: string }) => n.e164)).toEqual([w.n1, w.n2, w.n3]);

    expect((await stack.call('GET', `/v1/users/${w.bob}/reports/daily?date=${w.date}`, { key: annKey })).status).toBe(404);
    const supervisorKey = await stack.createKey(w.adminKey, 'supervisor');
    const bobs = await stack.call('GET', `/v1/users/${w.bob}/reports/daily?date=${w.date}`, { key: supervisorKey });
    expect(bobs.body.figures.agents).toEqual([{ userId: w.bob, name: 'Bob', callsAnswered: 1, talkTimeSec: 60, messagesSent: 1 }]);
    const tomorrow = addDays(localDate(new Date(), zone), 1);
    const early = await stack.call('GET', `/v1/users/${w.ann}/reports/daily?date=${tomorrow}`, { key: annKey });
    expect(early.status).toBe(400);
    expect(early.body.errors[0].path).toBe('date');
  });

  it("a team's day covers the inboxes linked to it, with every member in the agent table (supervisors and admins only)", async () => {
    const w = await world();
    const supervisorKey = await stack.createKey(w.adminKey, 'supervisor');
    const report = await stack.call('GET', `/v1/teams/${w.team}/reports/daily?date=${w.date}`, { key: supervisorKey });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ teamId: w.team, date: w.date, timezone: zone, inboxes: [{ id: w.sales, name: 'Sales' }] });
    expect(report.body.figures.calls).toMatchObject({ inbound: 3, answered: 2 });
    expect(report.body.figures.agents).toEqual([
      { userId: w.bob, name: 'Bob', callsAnswered: 1, talkTimeSec: 60, messagesSent: 1 },
      { userId: w.ann, name: 'Ann', callsAnswered: 1, talkTimeSec: 60, messagesSent: 0 },
    ]);
    expect(report.body.figures.byNumber.map((n: { e164: string }) => n.e164)).toEqual([w.n1, w.n2]);
    const annKey = (await w.as('POST', '/v1/api-keys', { role: 'agent', userId: w.ann })).key;
    expect((await stack.call('GET', `/v1/teams/${w.team}/reports/daily?date=${w.date}`, { key: annKey })).status).toBe(403);
  });

  it('are in the OpenAPI document', async () => {
    const doc = (await stack.call('GET', '/openapi.json')).body;
    expect(doc.paths['/v1/users/{id}/reports/daily'].get.responses['200']).toBeDefined();
    expect(doc.paths['/v1/teams/{id}/reports/daily'].get.responses['200']).toBeDefined();
    expect(doc.components.schemas.DailyFigures.properties.byNumber).toBeDefined();
  });
});
