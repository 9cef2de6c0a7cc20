import { and, eq, inArray } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTime } from '../../activities/mail/compose.ts';
import { communications, emailDeliveries, notificationRequests } from '../../db/schema/index.ts';
import { callWorkflowId } from '../../workflows/call/contract.ts';
import { messageWorkflowId } from '../../workflows/messages/contract.ts';
import { notificationWorkflowId } from '../../workflows/notifications/contract.ts';
import { notificationWorkflow } from '../../workflows/notifications/notification-workflow.ts';
import { newCallId, setUpInbox, startCallWorld, type CallWorld } from '../helpers/call-fixture.ts';
import { SmtpSink, type ReceivedEmail } from '../helpers/smtp-sink.ts';

let sink: SmtpSink;
let world: CallWorld;
beforeAll(async () => {
  sink = new SmtpSink();
  await sink.start();
  world = await startCallWorld({ smtpUrl: sink.url });
});
afterAll(async () => {
  await world?.stop();
  await sink?.stop();
});

const CALLER = '+14155550100';

/** An inbox in Kolkata (a half-hour offset shows any timezone slip) with one agent and two watchers. */
async function watchedInbox(notifications: Record<string, boolean> = {}, options: Parameters<typeof setUpInbox>[1] = { agents: 0 }) {
  const inbox = await setUpInbox(world.stack, { ...options, timezone: 'Asia/Kolkata' });
  const watchers: { id: string; email: string; name: string }[] = [];
  for (const name of ['Wanda Watcher', 'Walt Watcher']) {
    const email = `${name.split(' ')[0]!.toLowerCase()}.${randomUUID().slice(0, 8)}@example.test`;
    const user = await inbox.as('POST', '/v1/users', { name, email, role: 'supervisor' });
    await inbox.as('PUT', `/v1/inboxes/${inbox.inboxId}/members/${user.id}`, { role: 'watching' });
    watchers.push({ id: user.id, email, name });
  }
  await inbox.as('PATCH', `/v1/inboxes/${inbox.inboxId}/policies/notifications`, { watchers: notifications });
  return { ...inbox, watchers };
}

async function voicemailCall(number: string, voicemail: Record<string, unknown>) {
  const callId = newCallId();
  const occurredAt = new Date(Date.now() - 1000).toISOString();
  await world.carrier.sendVoice({ type: 'call.initiated', callId, from: CALLER, to: number, occurredAt });
  await world.carrier.nextCommand(callId, 'voicemail');
  await world.carrier.sendVoice({ type: 'call.voicemail', callId, ...voicemail });
  await world.stack.client.workflow.getHandle(callWorkflowId(callId)).result();
  return { callId, occurredAt };
}

/** The notification's mailing, once the call or message workflow that asked for it has finished. */
async function notificationDone(id: string): Promise<{ sent: number; failed: number }> {
  const [kind, subject] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
  await world.stack.client.workflow.getHandle(kind === 'inbound_message' ? messageWorkflowId(subject) : callWorkflowId(subject)).result();
  return world.stack.client.workflow.getHandle(notificationWorkflowId(id)).result();
}

function expectWellFormed(email: ReceivedEmail, to: { email: string; name: string }) {
  expect(email.parsed.from?.value[0]).toMatchObject({ address: 'switchboard@switchboard.test', name: 'Switchboard' });
  expect(email.parsed.to && !Array.isArray(email.parsed.to) ? email.parsed.to.value[0] : undefined).toMatchObject({ address: to.email, name: to.name });
  expect(email.parsed.html).toEqual(expect.stringContaining('<html'));
  expect(email.parsed.text?.length).toBeGreaterThan(20);
  expect(email.parsed.headers.get('auto-submitted')).toBe('auto-generated');
  expect(email.parsed.date).toBeInstanceOf(Date);
}

describe('watcher notifications', () => {
  it('a voicemail mails each watcher once: recording link, duration, transcription, local time, both parts', async () => {
    const { number, watchers } = await watchedInbox();
    const { callId, occurredAt } = await voicemailCall(number, {
      recordingUrl: 'https://carrier.test/recordings/vm-1.mp3', durationSec: 42, transcription: 'Hi, please call me back about invoice 4417.',
    });
    expect(await notificationDone(`voicemail:${callId}`)).toEqual({ sent: 2, failed: 0 });
    for (const watcher of watchers) {
      const [email, ...more] = await sink.emailsTo(watcher.email);
      expect(more).toEqual([]);
      expectWellFormed(email!, watcher);
      expect(email!.parsed.subject).toBe(`New voicemail from ${CALLER} · Main line`);
      expect(email!.messageId).toMatch(/^<voicemail\.[\w-]{32}@switchboard\.test>$/);
      const localTime = formatTime(new Date(occurredAt), 'Asia/Kolkata');
      expect(localTime).toContain('GMT+5:30');
      for (const part of [email!.parsed.text!, email!.parsed.html as string]) {
        expect(part).toContain('Hi, please call me back about invoice 4417.');
        expect(part).toContain('0:42');
        expect(part).toContain('https://carrier.test/recordings/vm-1.mp3');
        expect(part).toContain(localTime);
        expect(part).toContain(`https://switchboard.test/v1/calls/${callId}`);
      }
    }
    // The two watchers' emails are two messages, each with its own id.
    expect(new Set(watchers.map((w) => sink.to(w.email)[0]!.messageId)).size).toBe(2);
    const rows = await world.stack.database.db.select().from(emailDeliveries).where(eq(emailDeliveries.subjectId, `voicemail:${callId}`));
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([['sent', 1], ['sent', 1]]);
    const [request] = await world.stack.database.db.select().from(notificationRequests).where(eq(notificationRequests.id, `voicemail:${callId}`));
    expect(request!.deliveredAt).toBeInstanceOf(Date);
  });

  it('a voicemail without a transcription says so', async () => {
    const { number, watchers } = await watchedInbox();
    const { callId } = await voicemailCall(number, { recordingUrl: 'https://carrier.test/recordings/vm-2.mp3', durationSec: 5 });
    await notificationDone(`voicemail:${callId}`);
    const [email] = await sink.emailsTo(watchers[0]!.email);
    expect(email!.parsed.text).toContain('The carrier sent no transcription.');
    expect(email!.parsed.text).toContain('0:05');
  });

  it('missed and abandoned calls and inbound messages, each as the policy says', async () => {
    // One agent who never answers, and no voicemail: a call that rings out is missed.
    const { number, watchers, as, inboxId } = await watchedInbox({ abandonedCall: false, inboundMessage: true }, {
      agents: 1, routing: { ringTimeoutSec: 2, maxWaitSec: 2, voicemail: { enabled: false } },
    });
    const missed = newCallId();
    await world.carrier.sendVoice({ type: 'call.initiated', callId: missed, from: CALLER, to: number });
    await world.carrier.nextCommand(missed, 'hangup');
    expect(await notificationDone(`missed_call:${missed}`)).toEqual({ sent: 2, failed: 0 });
    const [missedEmail] = await sink.emailsTo(watchers[0]!.email);
    expect(missedEmail!.parsed.subject).toBe(`Missed call from ${CALLER} · Main line`);
    expect(missedEmail!.messageId).toMatch(/^<missed-call\./);

    // Abandoned calls are off by default: a request is recorded, no email goes.
    const abandoned = newCallId();
    await world.carrier.sendVoice({ type: 'call.initiated', callId: abandoned, from: CALLER, to: number });
    await world.carrier.nextCommand(abandoned, 'ring');
    await world.carrier.sendVoice({ type: 'call.hangup', callId: abandoned, party: 'caller' });
    expect(await notificationDone(`abandoned_call:${abandoned}`)).toEqual({ sent: 0, failed: 0 });

    // Turned on, the next one is mailed.
    await as('PATCH', `/v1/inboxes/${inboxId}/policies/notifications`, { watchers: { abandonedCall: true } });
    const abandonedLater = newCallId();
    await world.carrier.sendVoice({ type: 'call.initiated', callId: abandonedLater, from: CALLER, to: number });
    await world.carrier.nextCommand(abandonedLater, 'ring');
    await world.carrier.sendVoice({ type: 'call.hangup', callId: abandonedLater, party: 'caller' });
    expect(await notificationDone(`abandoned_call:${abandonedLater}`)).toEqual({ sent: 2, failed: 0 });
    const [, abandonedEmail] = await sink.emailsTo(watchers[0]!.email, 2);
    expect(abandonedEmail!.parsed.subject).toBe(`Abandoned call from ${CALLER} · Main line`);

    // The same SMS delivered twice by the carrier is one notification, one email per watcher.
    const messageId = `SM${randomUUID().replace(/-/g, '')}`;
    const sms = { type: 'message.received', messageId, from: CALLER, to: number, body: 'Are you open on Sunday?', occurredAt: new Date().toISOString() };
    await world.carrier.sendMessaging(sms);
    await world.carrier.sendMessaging(sms);
    expect(await notificationDone(`inbound_message:${messageId}`)).toEqual({ sent: 2, failed: 0 });
    const emails = await sink.emailsTo(watchers[1]!.email, 3);
    const smsEmails = emails.filter((e) => e.parsed.subject?.startsWith('New message'));
    expect(smsEmails).toHaveLength(1);
    expect(smsEmails[0]!.parsed.text).toContain('Are you open on Sunday?');
    expect(smsEmails[0]!.parsed.text).toContain(`https://switchboard.test/v1/inboxes/${inboxId}/feed`);
    expect(sink.to(watchers[1]!.email)).toHaveLength(3);
  });

  it('a watcher who already handled the item (read it) is not told about it', async () => {
    const { number, watchers, as, inboxId, adminKey, orgId } = await watchedInbox({ inboundMessage: false });
    const messageId = `SM${randomUUID().replace(/-/g, '')}`;
    await world.carrier.sendMessaging({ type: 'message.received', messageId, from: CALLER, to: number, body: 'Hello?', occurredAt: new Date().toISOString() });
    expect(await notificationDone(`inbound_message:${messageId}`)).toEqual({ sent: 0, failed: 0 });
    // Wanda reads it with her own key (an admin's: watchers only observe); then the policy turns on and the notification is planned again.
    const wandaKey = (await world.stack.call('POST', '/v1/api-keys', { key: adminKey, body: { role: 'admin', userId: watchers[0]!.id } })).body.key;
    const [message] = await world.stack.database.db.select().from(communications).where(and(eq(communications.orgId, orgId), eq(communications.externalId, messageId)));
    expect((await world.stack.call('POST', `/v1/communications/${message!.id}/read`, { key: wandaKey })).status).toBe(200);
    await as('PATCH', `/v1/inboxes/${inboxId}/policies/notifications`, { watchers: { inboundMessage: true } });
    await world.stack.database.db.update(notificationRequests).set({ deliveredAt: null }).where(eq(notificationRequests.id, `inbound_message:${messageId}`));
    // The first mailing has finished: run it again under the same id.
    const notificationId = `inbound_message:${messageId}`;
    const again = await world.stack.client.workflow.execute(notificationWorkflow, {
      workflowId: notificationWorkflowId(notificationId), taskQueue: world.stack.taskQueue, args: [{ notificationId }], workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });
    expect(again).toEqual({ sent: 1, failed: 0 });
    expect(await sink.emailsTo(watchers[1]!.email)).toHaveLength(1);
    expect(sink.to(watchers[0]!.email)).toEqual([]);
  });

  it('a rejected address is recorded as failed and not retried; the other watcher still gets theirs', async () => {
    const { number, watchers } = await watchedInbox();
    sink.rejectRecipient(watchers[1]!.email);
    const { callId } = await voicemailCall(number, { recordingUrl: 'https://carrier.test/recordings/vm-3.mp3', durationSec: 9 });
    expect(await notificationDone(`voicemail:${callId}`)).toEqual({ sent: 1, failed: 1 });
    expect(await sink.emailsTo(watchers[0]!.email)).toHaveLength(1);
    const [failed] = await world.stack.database.db.select().from(emailDeliveries)
      .where(and(eq(emailDeliveries.subjectId, `voicemail:${callId}`), eq(emailDeliveries.recipientUserId, watchers[1]!.id)));
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, sentAt: null });
    expect(failed!.lastError).toContain('550');
  });

  it('an SMTP outage delays the emails and loses none; each arrives once', async () => {
    const { number, watchers } = await watchedInbox({ inboundMessage: true });
    sink.failTemporarily();
    const refusedBefore = sink.refusedConnections;
    const { callId } = await voicemailCall(number, { recordingUrl: 'https://carrier.test/recordings/vm-4.mp3', durationSec: 12 });
    const messageId = `SM${randomUUID().replace(/-/g, '')}`;
    await world.carrier.sendMessaging({ type: 'message.received', messageId, from: CALLER, to: number, body: 'Anyone there?', occurredAt: new Date().toISOString() });
    // Every email has been refused at least once, and retried at least once more, before the server comes back.
    await sink.waitUntil(() => sink.refusedConnections - refusedBefore >= 8, 'the server to refuse each of the 4 emails twice');
    const pending = await world.stack.database.db.select().from(emailDeliveries)
      .where(inArray(emailDeliveries.subjectId, [`voicemail:${callId}`, `inbound_message:${messageId}`]));
    expect(pending.map((p) => p.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(pending.every((p) => p.lastError?.includes('421'))).toBe(true);
    sink.recover();
    expect(await notificationDone(`voicemail:${callId}`)).toEqual({ sent: 2, failed: 0 });
    expect(await notificationDone(`inbound_message:${messageId}`)).toEqual({ sent: 2, failed: 0 });
    for (const watcher of watchers) {
      const emails = sink.to(watcher.email);
      expect(emails.map((e) => e.parsed.subject?.split(' from ')[0]).sort()).toEqual(['New message', 'New voicemail']);
      expect(new Set(emails.map((e) => e.messageId)).size).toBe(2);
    }
  }, 90_000);
});
