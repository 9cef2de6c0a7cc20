import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { emailDeliveries } from '../../db/schema/index.ts';
import { addDays, localDate } from '../../domain/reports/schedule.ts';
import { reportSendWorkflowId } from '../../workflows/mail/contract.ts';
import { setUpInbox } from '../helpers/call-fixture.ts';
import { runSwitchboard, waitForLog, type DevProcess } from '../helpers/dev-process.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { POSTGRES_TAG } from '../setup/postgres-skips-reporter.ts';

// The worker runs as its own process so it can be killed for real, mid-send; a separate process needs a
// shared database server, so this test runs with DATABASE_URL (as CI does).
describe.skipIf(!process.env.DATABASE_URL)('a worker killed while it sends email', { tags: [POSTGRES_TAG] }, () => {
  let stack: TestStack;
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = new SmtpSink();
    await sink.start();
    stack = await startTestStack({ worker: false });
  });
  afterAll(async () => {
    await stack?.stop();
    await sink?.stop();
  });

  const startWorkerProcess = async (): Promise<DevProcess> => {
    const worker = runSwitchboard('worker', {
      ...process.env, TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_TASK_QUEUE: stack.taskQueue, SMTP_URL: sink.url,
      MAIL_FROM: 'Switchboard <switchboard@switchboard.test>', LOG_FORMAT: 'json', LOG_LEVEL: 'info',
    });
    await waitForLog(worker, 'switchboard ready');
    return worker;
  };

  it('loses no email; the copy sent again carries the same Message-ID', async () => {
    const { inboxId, adminKey, as } = await setUpInbox(stack, { agents: 0, timezone: 'UTC' });
    const recipients: string[] = [];
    for (const name of ['Kim', 'Lou']) {
      const email = `${name.toLowerCase()}.${randomUUID().slice(0, 8)}@example.test`;
      const user = await as('POST', '/v1/users', { name, email, role: 'supervisor' });
      await as('PUT', `/v1/inboxes/${inboxId}/members/${user.id}`, { role: 'watching' });
      recipients.push(email);
    }
    let worker = await startWorkerProcess();
    // The first email the server receives in full kills the worker before it hears the server's answer: the
    // one window SMTP leaves open. The server keeps the message, as a real one would.
    let killedFor: string | undefined;
    sink.beforeAccept = async (email) => {
      if (killedFor) return;
      killedFor = email.envelope.to[0];
      worker.child.kill('SIGKILL');
      await worker.exited;
    };
    const date = addDays(localDate(new Date(), 'UTC'), -1);
    const sent = await stack.call('POST', `/v1/inboxes/${inboxId}/reports/daily/send`, { key: adminKey, body: { date } });
    expect(sent.status).toBe(202);
    await sink.waitUntil(() => !!killedFor, 'the worker to be killed mid-send');

    worker = await startWorkerProcess();
    try {
      await stack.client.workflow.getHandle(reportSendWorkflowId(sent.body.sendId)).result();
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    const rows = await stack.database.db.select().from(emailDeliveries).where(eq(emailDeliveries.inboxId, inboxId));
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
    for (const address of recipients) {
      const row = rows.find((r) => r.toAddress === address)!;
      const copies = sink.to(address);
      // The interrupted email went twice, as one message to the reader's mail client. The other was sent in
      // parallel, so the kill may have caught it too: it arrives once, or twice with the same id.
      if (address === killedFor) {
        expect(copies).toHaveLength(2);
        expect(row.attempts).toBe(2);
      } else {
        expect(copies.length).toBeGreaterThanOrEqual(1);
        expect(copies.length).toBeLessThanOrEqual(row.attempts);
      }
      expect(new Set(copies.map((c) => c.messageId))).toEqual(new Set([row.messageId]));
      expect(new Set(copies.map((c) => c.parsed.text)).size).toBe(1);
    }
  }, 120_000);
});
