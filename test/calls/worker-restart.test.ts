import { inArray } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { notificationRequests } from '../../db/schema/index.ts';
import { callWorkflowId, type CallState } from '../../workflows/call/contract.ts';
import { newCallId, setUpInbox } from '../helpers/call-fixture.ts';
import { CarrierSimulator, HOLD } from '../helpers/carrier-simulator.ts';
import { runSwitchboard, waitForLog, type DevProcess } from '../helpers/dev-process.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { POSTGRES_TAG } from '../setup/postgres-skips-reporter.ts';

// The worker runs as its own process so it can be killed for real; a separate process needs a shared
// database server, so this test runs with DATABASE_URL (as CI does).
describe.skipIf(!process.env.DATABASE_URL)('a worker killed while calls ring', { tags: [POSTGRES_TAG] }, () => {
  let stack: TestStack;
  let carrier: CarrierSimulator;
  const secrets = { apiSecret: `sim-api-${randomBytes(8).toString('hex')}`, webhookSecret: `sim-hook-${randomBytes(8).toString('hex')}` };
  beforeAll(async () => {
    carrier = new CarrierSimulator(secrets);
    await carrier.start();
    stack = await startTestStack({ worker: false, carrierUrl: carrier.url, carrierSecret: secrets.apiSecret, webhookSecret: secrets.webhookSecret });
    carrier.setApiUrl(stack.url);
  });
  afterAll(async () => {
    await stack?.stop();
    await carrier?.stop();
  });

  const startWorkerProcess = async (): Promise<DevProcess> => {
    const worker = runSwitchboard('worker', {
      ...process.env, TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_TASK_QUEUE: stack.taskQueue, CARRIER_API_URL: carrier.url,
      CARRIER_API_SECRET: secrets.apiSecret, CARRIER_WEBHOOK_SECRET: secrets.webhookSecret, LOG_FORMAT: 'json', LOG_LEVEL: 'info',
    });
    await waitForLog(worker, 'switchboard ready');
    return worker;
  };
  const outcome = (callId: string) => stack.client.workflow.getHandle(callWorkflowId(callId)).result() as Promise<CallState>;

  it('every call still reaches its right outcome, no notification is doubled, and a resent command keeps its key', async () => {
    const { number, agents } = await setUpInbox(stack, { agents: 1, routing: { ringTimeoutSec: 4, maxWaitSec: 4 } });
    let worker = await startWorkerProcess();
    const [answered, toVoicemail, abandoned, inFlight] = [newCallId(), newCallId(), newCallId(), newCallId()];
    carrier.script(inFlight, 'ring', [HOLD]);
    for (const callId of [answered, toVoicemail, abandoned, inFlight]) {
      await carrier.sendVoice({ type: 'call.initiated', callId, from: '+14155550100', to: number });
    }
    await Promise.all([answered, toVoicemail, abandoned].map((callId) => carrier.nextCommand(callId, 'ring')));
    await carrier.received(inFlight, 'ring');

    worker.child.kill('SIGKILL');
    await worker.exited;
    carrier.releaseHeld();
    // While no worker runs, the carrier keeps talking: these wait in Temporal.
    await carrier.sendVoice({ type: 'call.answered', callId: answered, userId: agents[0] });
    await carrier.sendVoice({ type: 'call.hangup', callId: answered, party: 'caller', occurredAt: new Date(Date.now() + 100).toISOString() });
    await carrier.sendVoice({ type: 'call.hangup', callId: abandoned, party: 'caller' });

    worker = await startWorkerProcess();
    try {
      expect((await outcome(answered)).status).toBe('completed');
      expect((await outcome(abandoned)).status).toBe('abandoned');
      await carrier.nextCommand(toVoicemail, 'voicemail');
      await carrier.sendVoice({ type: 'call.voicemail', callId: toVoicemail, recordingUrl: 'https://carrier.test/r.mp3', durationSec: 3 });
      expect((await outcome(toVoicemail)).status).toBe('voicemail_left');
      await carrier.nextCommand(inFlight, 'voicemail');
      await carrier.sendVoice({ type: 'call.hangup', callId: inFlight, party: 'caller' });
      expect((await outcome(inFlight)).status).toBe('missed');
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }

    const rings = carrier.commands.filter((c) => c.callId === inFlight && c.body.command === 'ring' && c.idempotencyKey.endsWith(':ring:1'));
    expect(rings.length).toBeGreaterThanOrEqual(2);
    expect(new Set(rings.map((c) => c.idempotencyKey)).size).toBe(1);
    const requests = await stack.database.db.select().from(notificationRequests).where(inArray(notificationRequests.subjectId, [answered, toVoicemail, abandoned, inFlight]));
    expect(requests.map((r) => `${r.subjectId}:${r.kind}`).sort()).toEqual([`${abandoned}:abandoned_call`, `${inFlight}:missed_call`, `${toVoicemail}:voicemail`].sort());
  }, 120_000);
});
