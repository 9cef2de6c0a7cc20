import { WorkflowNotFoundError } from '@temporalio/client';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { workflowOutbox } from '../../db/schema/index.ts';
import { autoReadProgressQuery, autoReadWorkflowId, type AutoReadProgress } from '../../workflows/automation/contract.ts';
import { dailyReportScheduleQuery, dailyReportWorkflowId } from '../../workflows/reports/contract.ts';
import { setUpInbox } from '../helpers/call-fixture.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';

// The API reaches Temporal through a proxy the test can cut; the worker and the test's own client go direct.
let proxy: TcpProxy;
let stack: TestStack;
beforeAll(async () => {
  proxy = new TcpProxy(inject('temporalAddress'));
  await proxy.open();
  stack = await startTestStack({ apiTemporalAddress: proxy.address, outboxTiming: { attemptMs: 1_000, firstRetryMs: 200, maxRetryMs: 1_000 } });
});
afterAll(async () => {
  await stack?.stop();
  await proxy?.cut();
});

const autoRead = (inboxId: string) => stack.client.workflow.getHandle(autoReadWorkflowId(inboxId));
const dailyReport = (inboxId: string) => stack.client.workflow.getHandle(dailyReportWorkflowId(inboxId));
const statusOf = async (handle: { describe(): Promise<{ status: { name: string } }> }) =>
  handle.describe().then((d) => d.status.name, (error: unknown) => (error instanceof WorkflowNotFoundError ? 'NOT_FOUND' : Promise.reject(error)));

/** Polls a workflow's state (a query has no event to await) until it is as wanted, or fails after a while. */
async function eventually<T>(read: () => Promise<T>, wanted: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && wanted(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const pendingFor = (inboxes: { inboxId: string }[]) =>
  stack.database.db.select().from(workflowOutbox).where(inArray(workflowOutbox.inboxId, inboxes.map((i) => i.inboxId)));
const progress = (inboxId: string) => autoRead(inboxId).query(autoReadProgressQuery);
const asleepOn = (version: number, period: string) => (p: AutoReadProgress) => p.phase === 'sleeping' && p.policyVersion === version && p.period === period;

describe("an inbox's long-running workflows", () => {
  it('end when the inbox is deleted', async () => {
    const { inboxId, adminKey, as } = await setUpInbox(stack, { agents: 0 });
    // An inbox with calls or messages keeps its history and cannot be deleted; this one has none.
    await as('PATCH', `/v1/inboxes/${inboxId}/policies/automation`, { autoMarkReadAfter: 'PT1H' });
    await as('PATCH', `/v1/inboxes/${inboxId}/policies/reports`, { dailyActivity: { enabled: true } });
    await eventually(() => progress(inboxId), asleepOn(1, 'PT1H'), 'auto-mark-as-read to sleep');
    expect(await statusOf(dailyReport(inboxId))).toBe('RUNNING');

    expect((await stack.call('DELETE', `/v1/inboxes/${inboxId}`, { key: adminKey })).status).toBe(204);
    expect(await statusOf(autoRead(inboxId))).toBe('TERMINATED');
    expect(await statusOf(dailyReport(inboxId))).toBe('TERMINATED');
    expect(await stack.database.db.select().from(workflowOutbox).where(eq(workflowOutbox.inboxId, inboxId))).toEqual([]);
  });

  it('hear of a policy change made while Temporal was unreachable once it is back, and a workflow that should start starts', async () => {
    const { inboxId, as } = await setUpInbox(stack, { agents: 0 });
    await as('PATCH', `/v1/inboxes/${inboxId}/policies/automation`, { autoMarkReadAfter: 'PT1H' });
    await eventually(() => progress(inboxId), asleepOn(1, 'PT1H'), 'auto-mark-as-read to sleep on version 1');

    await proxy.cut();
    try {
      const startedAt = Date.now();
      expect(await as('PATCH', `/v1/inboxes/${inboxId}/policies/automation`, { autoMarkReadAfter: 'PT2H' })).toMatchObject({ autoMarkReadAfter: 'PT2H' });
      expect(await as('PATCH', `/v1/inboxes/${inboxId}/policies/reports`, { dailyActivity: { enabled: true, sendAt: '07:30' } })).toMatchObject({ dailyActivity: { enabled: true } });
      expect(Date.now() - startedAt).toBeLessThan(10_000); // the answers did not wait for Temporal
      const pending = await stack.database.db.select().from(workflowOutbox).where(eq(workflowOutbox.inboxId, inboxId));
      expect(pending.map((row) => row.kind)).toEqual(['policy_changed', 'policy_changed']);
      // Nothing reached the workflows: the running one still has version 1, the report schedule never started.
      expect(await progress(inboxId)).toMatchObject({ policyVersion: 1, period: 'PT1H' });
      expect(await statusOf(dailyReport(inboxId))).toBe('NOT_FOUND');
      await eventually(() => stack.database.db.select().from(workflowOutbox).where(eq(workflowOutbox.inboxId, inboxId)),
        (rows) => rows.length > 0 && rows[0]!.attempts >= 2, 'a retry while Temporal is away');
    } finally {
      await proxy.open();
    }

    await eventually(() => progress(inboxId), asleepOn(2, 'PT2H'), 'auto-mark-as-read to end on version 2');
    const schedule = await eventually(() => dailyReport(inboxId).query(dailyReportScheduleQuery), (s) => s.phase === 'waiting', 'the report schedule to start');
    expect(schedule.sendAt).toBe('07:30');
    await eventually(() => stack.database.db.select().from(workflowOutbox).where(eq(workflowOutbox.inboxId, inboxId)), (rows) => rows.length === 0, 'the outbox to empty');
    await autoRead(inboxId).terminate('test over');
    await dailyReport(inboxId).terminate('test over');
  }, 90_000);
  it("tell many inboxes of changes stored while Temporal was away, each inbox's latest last", async () => {
    const inboxes = await Promise.all(Array.from({ length: 12 }, () => setUpInbox(stack, { agents: 0 })));
    await proxy.cut();
    try {
      // Two changes per inbox: the outbox holds 24 notices across 12 inboxes when Temporal comes back.
      for (const sendAt of ['07:30', '08:15']) {
        await Promise.all(inboxes.map(({ inboxId, as }) => as('PATCH', `/v1/inboxes/${inboxId}/policies/reports`, { dailyActivity: { enabled: true, sendAt } })));
      }
      expect(await pendingFor(inboxes)).toHaveLength(24);
    } finally {
      await proxy.open();
    }
    for (const { inboxId } of inboxes) {
      const schedule = await eventually(() => dailyReport(inboxId).query(dailyReportScheduleQuery), (s) => s.phase === 'waiting' && s.sendAt === '08:15', `${inboxId}'s schedule at 08:15`);
      expect(schedule.sendAt).toBe('08:15');
    }
    await eventually(() => pendingFor(inboxes), (rows) => rows.length === 0, 'the outbox to empty');
    await Promise.all(inboxes.map(({ inboxId }) => dailyReport(inboxId).terminate('test over')));
  }, 90_000);
});
