import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailDeliveries } from '../../db/schema/index.ts';
import { callWorkflowId } from '../../workflows/call/contract.ts';
import { notificationWorkflowId } from '../../workflows/notifications/contract.ts';
import { newCallId, setUpInbox, startCallWorld, type CallWorld } from '../helpers/call-fixture.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';
import { POSTGRES_TAG } from '../setup/postgres-skips-reporter.ts';

// The fault suite stops SMTP and PostgreSQL together: an email SMTP accepted just before could not be
// recorded as sent, and its retry mailed it again once SMTP was back. The worker reaches PostgreSQL through
// a proxy this test cuts, so it needs DATABASE_URL.
describe.skipIf(!process.env.DATABASE_URL)('the database lost just as SMTP accepts an email', { tags: [POSTGRES_TAG] }, () => {
  let sink: SmtpSink;
  let proxy: TcpProxy;
  let world: CallWorld;
  beforeAll(async () => {
    sink = new SmtpSink();
    await sink.start();
    const url = new URL(process.env.DATABASE_URL!);
    proxy = new TcpProxy(`${url.hostname}:${url.port || 5432}`);
    await proxy.open();
    url.host = proxy.address;
    world = await startCallWorld({ smtpUrl: sink.url, databaseUrl: url.toString() });
  });
  afterAll(async () => {
    await world?.stop();
    await proxy?.cut();
    await sink?.stop();
  });

  it('is recorded as sent once the database is back, and the watcher gets it once', async () => {
    const { number, as, inboxId } = await setUpInbox(world.stack, { agents: 0 });
    const email = `wanda.${randomUUID().slice(0, 8)}@example.test`;
    const watcher = await as('POST', '/v1/users', { name: 'Wanda Watcher', email, role: 'supervisor' });
    await as('PUT', `/v1/inboxes/${inboxId}/members/${watcher.id}`, { role: 'watching' });
    await as('PATCH', `/v1/inboxes/${inboxId}/policies/notifications`, { watchers: { voicemail: true } });

    // The database goes away while the server takes the message, and comes back 3 s later.
    let reopened: Promise<void> | undefined;
    sink.beforeAccept = async () => {
      if (reopened) return;
      await proxy.cut();
      reopened = delay(3000).then(() => proxy.open());
    };
    const callId = newCallId();
    await world.carrier.sendVoice({ type: 'call.initiated', callId, from: '+14155550100', to: number });
    await world.carrier.nextCommand(callId, 'voicemail');
    await world.carrier.sendVoice({ type: 'call.voicemail', callId, recordingUrl: `https://carrier.test/recordings/${callId}.mp3`, durationSec: 7 });
    await world.stack.client.workflow.getHandle(callWorkflowId(callId)).result();
    expect(await world.stack.client.workflow.getHandle(notificationWorkflowId(`voicemail:${callId}`)).result()).toEqual({ sent: 1, failed: 0 });
    await reopened;

    expect(sink.to(email)).toHaveLength(1);
    const [row] = await world.stack.database.db.select().from(emailDeliveries).where(eq(emailDeliveries.toAddress, email));
    expect(row).toMatchObject({ status: 'sent', attempts: 1, messageId: sink.to(email)[0]!.messageId });
  }, 60_000);
});
