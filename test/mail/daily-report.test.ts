import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../db/ids.ts';
import { communications, contacts, conversations, dailyReports } from '../../db/schema/index.ts';
import { addDays, localDate } from '../../domain/reports/schedule.ts';
import { dailyReportScheduleQuery, dailyReportWorkflowId } from '../../workflows/reports/contract.ts';
import type { dailyReportWorkflow } from '../../workflows/reports/daily-report-workflow.ts';
import { setUpInbox } from '../helpers/call-fixture.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let sink: SmtpSink;
let stack: TestStack;
beforeAll(async () => {
  sink = new SmtpSink();
  await sink.start();
  stack = await startTestStack({ smtpUrl: sink.url });
});
afterAll(async () => {
  await stack?.stop();
  await sink?.stop();
});

async function reportedInbox(timezone: string) {
  const inbox = await setUpInbox(stack, { agents: 2, timezone });
  const email = `sam.${randomUUID().slice(0, 8)}@example.test`;
  const supervisor = await inbox.as('POST', '/v1/users', { name: 'Sam Supervisor', email, role: 'supervisor' });
  await inbox.as('PUT', `/v1/inboxes/${inbox.inboxId}/members/${supervisor.id}`, { role: 'watching' });
  return { ...inbox, watcher: { id: supervisor.id as string, email } };
}

/** Calls and messages as the workflows record them, at chosen local times of one day. */
async function seedDay(orgId: string, inboxId: string, timezone: string, date: string, agents: string[]) {
  const { db } = stack.database;
  const at = (hhmm: string, plusSec = 0) => DateTime.fromISO(`${date}T${hhmm}`, { zone: timezone }).plus({ seconds: plusSec }).toJSDate();
  const dayEnd = DateTime.fromISO(date, { zone: timezone }).plus({ days: 1 }).toJSDate();
  const conversation = async () => {
    const contact = { id: newId('ctc'), orgId };
    await db.insert(contacts).values(contact);
    const row = { id: newId('cnv'), orgId, inboxId, contactId: contact.id, lastActivityAt: at('23:00') };
    await db.insert(conversations).values(row);
    return row;
  };
  const c = await conversation();
  const base = { orgId, inboxId, conversationId: c.id, fromE164: '+14155550100', toE164: '+14155550199' };
  const call = (occurredAt: Date, status: string, extra: Partial<typeof communications.$inferInsert> = {}) =>
    ({ ...base, id: newId('com'), kind: 'call' as const, direction: 'inbound' as const, externalId: `CA${randomUUID()}`, status, occurredAt, ...extra });
  const [conv1, conv2, conv3] = [await conversation(), await conversation(), await conversation()];
  const message = (conv: { id: string }, direction: 'inbound' | 'outbound', occurredAt: Date, extra: Partial<typeof communications.$inferInsert> = {}) =>
    ({ ...base, conversationId: conv.id, id: newId('com'), kind: 'message' as const, direction, externalId: `SM${randomUUID()}`, status: direction === 'inbound' ? 'received' : 'sent', body: 'hi', occurredAt, ...extra });
  await db.insert(communications).values([
    // Answered after 15 s, 300 s of talk, by the first agent; after 45 s, 120 s, by the second.
    call(at('09:00'), 'completed', { answeredAt: at('09:00', 15), endedAt: at('09:00', 315), agentUserId: agents[0], readAt: at('09:00', 15) }),
    call(at('09:30'), 'completed', { answeredAt: at('09:30', 45), endedAt: at('09:30', 165), agentUserId: agents[1], readAt: at('09:30', 45) }),
    call(at('10:00'), 'missed', { endedAt: at('10:00', 40) }),
    call(at('10:10'), 'abandoned', { endedAt: at('10:10', 8) }),
    call(at('14:00'), 'voicemail_left', { endedAt: at('14:01') }),
    // The days either side do not count.
    call(at('00:00', -1), 'missed', { readAt: at('09:00') }),
    call(dayEnd, 'missed', { readAt: dayEnd }),
    // Replied after 600 s and after 120 s (that one read only the next day); one never answered.
    message(conv1, 'inbound', at('09:05'), { readAt: at('09:15') }),
    message(conv1, 'outbound', at('09:15'), { agentUserId: agents[0], readAt: at('09:15') }),
    message(conv2, 'inbound', at('11:00'), { readAt: new Date(dayEnd.getTime() + 3_600_000) }),
    message(conv2, 'outbound', at('11:02'), { agentUserId: agents[1], readAt: at('11:02') }),
    message(conv3, 'inbound', at('20:00')),
  ]);
}

const expectedFigures = (agents: string[]) => ({
  calls: { inbound: 5, answered: 2, missed: 1, abandoned: 1, voicemails: 1, answerRate: 0.4, timeToAnswer: { medianSec: 30, p90Sec: 42 }, talkTime: { totalSec: 420, averageSec: 210 } },
  messages: { inbound: 3, outbound: 2, firstResponse: { medianSec: 360, replied: 2, awaitingReply: 1 } },
  // missed, abandoned, voicemail call, the unanswered message, and the message read only the next day
  unreadAtEndOfDay: 5,
  agents: [
    { userId: agents[0], name: 'Agent 0', callsAnswered: 1, talkTimeSec: 300, messagesSent: 1 },
    { userId: agents[1], name: 'Agent 1', callsAnswered: 1, talkTimeSec: 120, messagesSent: 1 },
  ],
  busiestHour: { label: '09:00', calls: 2, messages: 2 },
});

const dailyReport = (inboxId: string) => stack.client.workflow.getHandle<typeof dailyReportWorkflow>(dailyReportWorkflowId(inboxId));
const scheduleOf = (inboxId: string) => dailyReport(inboxId).query(dailyReportScheduleQuery);

describe('daily activity report', () => {
  it('figures match the seeded day; the email has them in both parts and a decodable PNG chart', async () => {
    const timezone = 'America/New_York';
    const { orgId, inboxId, agents, watcher, adminKey } = await reportedInbox(timezone);
    const date = addDays(localDate(new Date(), timezone), -1);
    await seedDay(orgId, inboxId, timezone, date, agents);

    const live = await stack.call('GET', `/v1/inboxes/${inboxId}/reports/daily?date=${date}`, { key: adminKey });
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ inboxId, date, timezone, complete: true, source: 'live', scheduledSentAt: null, emails: [] });
    expect(live.body.figures).toMatchObject(expectedFigures(agents));
    expect(live.body.figures.hourly.reduce((n: number, h: { calls: number }) => n + h.calls, 0)).toBe(5);

    const sent = await stack.call('POST', `/v1/inboxes/${inboxId}/reports/daily/send`, { key: adminKey, body: { date } });
    expect(sent.status).toBe(202);
    expect(sent.body.emails).toMatchObject([{ recipientUserId: watcher.id, to: watcher.email, status: 'pending', trigger: 'on_demand' }]);
    const [email] = await sink.emailsTo(watcher.email);
    expect(email!.messageId).toBe(sent.body.emails[0].messageId);
    const day = DateTime.fromISO(date).toFormat('ccc d LLL yyyy');
    expect(email!.parsed.subject).toBe(`Daily activity · Main line · ${day}`);
    for (const line of ['Inbound calls: 5', 'Answered: 2', 'Missed: 1', 'Abandoned: 1', 'Voicemails: 1', 'Answer rate: 40%',
      'Time to answer, median: 0:30', 'Time to answer, 90th percentile: 0:42', 'Talk time, total: 7:00', 'Talk time, average: 3:30',
      'Inbound messages: 3', 'Outbound messages: 2', 'First response time, median: 6:00', 'Unread at the end of the day: 5',
      'Busiest hour: 09:00–10:00 (2 calls, 2 messages)', 'Agent 0: 1 / 5:00 / 1', 'Agent 1: 1 / 2:00 / 1']) {
      expect(email!.parsed.text).toContain(line);
    }
    const html = email!.parsed.html as string;
    expect(html).toContain('40%');
    expect(html).toContain('Agent 1');
    const [chart] = email!.parsed.attachments;
    expect(chart).toMatchObject({ contentType: 'image/png', contentDisposition: 'inline' });
    expect(html).toContain(`cid:${chart!.cid}`);
    const png = PNG.sync.read(chart!.content);
    expect([png.width, png.height]).toEqual([1184, 440]);

    const stored = await stack.call('GET', `/v1/inboxes/${inboxId}/reports/daily?date=${date}`, { key: adminKey });
    expect(stored.body).toMatchObject({ source: 'stored', emails: [{ status: 'sent', trigger: 'on_demand', to: watcher.email }] });
    expect(stored.body.figures).toMatchObject(expectedFigures(agents));
  });

  it('refuses bad dates, days not over, and a send with nobody to send to, changing nothing', async () => {
    const { inboxId, adminKey, as } = await reportedInbox('Asia/Kolkata');
    const today = localDate(new Date(), 'Asia/Kolkata');
    const cases: [string, string, unknown, number, string][] = [
      ['GET', `/v1/inboxes/${inboxId}/reports/daily?date=2026-02-30`, undefined, 400, 'date'],
      ['GET', `/v1/inboxes/${inboxId}/reports/daily?date=${addDays(today, 1)}`, undefined, 400, 'date'],
      ['POST', `/v1/inboxes/${inboxId}/reports/daily/send`, { date: today }, 400, 'date'],
      ['POST', `/v1/inboxes/${inboxId}/reports/daily/send`, { date: 'yesterday' }, 400, 'date'],
      ['POST', `/v1/inboxes/${inboxId}/reports/daily/send`, {}, 400, 'date'],
    ];
    for (const [method, path, body, status, field] of cases) {
      const response = await stack.call(method, path, { key: adminKey, body });
      expect(response.status, `${method} ${path}`).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    await as('PUT', `/v1/inboxes/${inboxId}/policies/reports`, { dailyActivity: { enabled: false, recipients: ['team_supervisors'] } });
    const nobody = await stack.call('POST', `/v1/inboxes/${inboxId}/reports/daily/send`, { key: adminKey, body: { date: addDays(today, -1) } });
    expect(nobody.status).toBe(409);
    expect(nobody.body.detail).toContain('team_supervisors');
    const agentKey = await stack.createKey(adminKey, 'agent');
    expect((await stack.call('GET', `/v1/inboxes/${inboxId}/reports/daily`, { key: agentKey })).status).toBe(403);
    const rows = await stack.database.db.select().from(dailyReports);
    expect(rows.filter((r) => r.inboxId === inboxId)).toEqual([]);
  });

  it('the schedule sends one report at the local send time, then a policy or timezone change re-plans the next', async () => {
    const timezone = 'Australia/Sydney';
    const { inboxId, watcher, as } = await reportedInbox(timezone);
    const sendAt = DateTime.now().setZone(timezone).plus({ seconds: 4 });
    const expectedDate = addDays(sendAt.toISODate()!, -1);
    await as('PUT', `/v1/inboxes/${inboxId}/policies/reports`, { dailyActivity: { enabled: true, sendAt: sendAt.toFormat('HH:mm:ss'), recipients: ['watching'] } });
    const planned = await scheduleOf(inboxId);
    expect(planned.next).toEqual({ date: expectedDate, sendAt: sendAt.startOf('second').toUTC().toISO() });

    const [email] = await sink.emailsTo(watcher.email);
    expect(email!.parsed.subject).toContain(DateTime.fromISO(expectedDate).toFormat('d LLL yyyy'));
    await vi.waitFor(async () => expect((await scheduleOf(inboxId)).lastReported).toBe(expectedDate), { timeout: 10_000 });
    const after = await scheduleOf(inboxId);
    expect(after.next!.date).toBe(addDays(expectedDate, 1));

    // A new send time moves the next report at once, to its new local time.
    await as('PATCH', `/v1/inboxes/${inboxId}/policies/reports`, { dailyActivity: { sendAt: '06:30' } });
    await vi.waitFor(async () => expect((await scheduleOf(inboxId)).sendAt).toBe('06:30'), { timeout: 10_000 });
    const replanned = await scheduleOf(inboxId);
    const nextDay = addDays(expectedDate, 1);
    expect(replanned.next).toEqual({ date: nextDay, sendAt: DateTime.fromISO(`${addDays(nextDay, 1)}T06:30`, { zone: timezone }).toUTC().toISO() });

    // So does a new timezone for the inbox.
    await as('PATCH', `/v1/inboxes/${inboxId}`, { timezone: 'Europe/London' });
    await vi.waitFor(async () => expect((await scheduleOf(inboxId)).timezone).toBe('Europe/London'), { timeout: 10_000 });
    const moved = await scheduleOf(inboxId);
    expect(moved.next!.sendAt).toBe(DateTime.fromISO(`${addDays(moved.next!.date, 1)}T06:30`, { zone: 'Europe/London' }).toUTC().toISO());
    expect(moved.next!.date > expectedDate).toBe(true);

    // Still the one report; turned off, the schedule ends.
    expect(sink.to(watcher.email)).toHaveLength(1);
    await as('PATCH', `/v1/inboxes/${inboxId}/policies/reports`, { dailyActivity: { enabled: false } });
    expect(await dailyReport(inboxId).result()).toMatchObject({ phase: 'off' });
    expect(sink.to(watcher.email)).toHaveLength(1);
  });

  it('days missed while the system was down go out when it returns, each once', async () => {
    const timezone = 'Europe/London';
    const { inboxId, orgId, watcher, as } = await reportedInbox(timezone);
    const today = localDate(new Date(), timezone);
    // The last report the schedule sent was three days ago: two days are owed.
    await stack.database.db.insert(dailyReports).values({ inboxId, orgId, date: addDays(today, -3), timezone, figures: {}, generatedAt: new Date(), scheduledAt: new Date() });
    await as('PUT', `/v1/inboxes/${inboxId}/policies/reports`, { dailyActivity: { enabled: true, sendAt: '00:00', recipients: ['watching'] } });
    const emails = await sink.emailsTo(watcher.email, 2);
    const subjects = emails.map((e) => e.parsed.subject);
    expect(subjects).toEqual(expect.arrayContaining([
      expect.stringContaining(DateTime.fromISO(addDays(today, -2)).toFormat('d LLL yyyy')),
      expect.stringContaining(DateTime.fromISO(addDays(today, -1)).toFormat('d LLL yyyy')),
    ]));
    await vi.waitFor(async () => expect((await scheduleOf(inboxId)).lastReported).toBe(addDays(today, -1)), { timeout: 10_000 });
    expect((await scheduleOf(inboxId)).next!.date).toBe(today);
    expect(sink.to(watcher.email)).toHaveLength(2);
    await as('PATCH', `/v1/inboxes/${inboxId}/policies/reports`, { dailyActivity: { enabled: false } });
  });
});
