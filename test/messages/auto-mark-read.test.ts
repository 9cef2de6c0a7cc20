import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communications, inboxPolicies } from '../../db/schema/index.ts';
import { autoMarkReadWorkflow } from '../../workflows/automation/auto-mark-read-workflow.ts';
import { autoReadProgressQuery, autoReadWorkflowId } from '../../workflows/automation/contract.ts';
import { messageWorkflowId } from '../../workflows/messages/contract.ts';
import { setUpInbox, startCallWorld, type CallWorld } from '../helpers/call-fixture.ts';

let world: CallWorld;
beforeAll(async () => (world = await startCallWorld()));
afterAll(() => world?.stop());

let sequence = 0;
async function receive(to: string, occurredAt: Date) {
  const messageId = `SMauto${Date.now()}${sequence++}`;
  await world.carrier.sendMessaging({ type: 'message.received', messageId, from: `+1415555${String(1000 + sequence).slice(-4)}`, to, body: 'hi', occurredAt: occurredAt.toISOString() });
  await world.stack.client.workflow.getHandle(messageWorkflowId(messageId)).result();
  return messageId;
}
const itemsOf = (inboxId: string) => world.stack.database.db.select().from(communications).where(eq(communications.inboxId, inboxId));
const unreadOf = async (inboxId: string) => (await world.stack.database.db.select().from(communications).where(and(eq(communications.inboxId, inboxId), isNull(communications.readAt)))).map((r) => r.externalId);
const workflow = (inboxId: string) => world.stack.client.workflow.getHandle<typeof autoMarkReadWorkflow>(autoReadWorkflowId(inboxId));
const progressOf = (inboxId: string) => workflow(inboxId).query(autoReadProgressQuery);

/** Waits for a state no event announces (rows changing in the database), checking every 100 ms. */
async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('auto-mark-as-read', () => {
  it('clears what is already older than the period at once, then each item when it expires, never earlier', async () => {
    const { number, inboxId, as, adminKey } = await setUpInbox(world.stack, { agents: 0 });
    const old = [await receive(number, new Date(Date.now() - 60_000)), await receive(number, new Date(Date.now() - 30_000))];
    const fresh = await receive(number, new Date());
    await as('PATCH', `/v1/inboxes/${inboxId}/policies/automation`, { autoMarkReadAfter: 'PT3S' });
    await eventually(async () => { const unread = await unreadOf(inboxId); return !unread.includes(old[0]!) && !unread.includes(old[1]!); }, 'the one-time cleanup');
    const later = await receive(number, new Date());
    await eventually(async () => (await unreadOf(inboxId)).length === 0, 'the fresh items to expire');
    for (const row of await itemsOf(inboxId)) {
      expect(row.readBy).toBe('auto');
      expect(row.readAt!.getTime() - row.occurredAt.getTime()).toBeGreaterThanOrEqual(3000);
    }
    const progress = await progressOf(inboxId);
    expect(progress).toMatchObject({ phase: 'sleeping', period: 'PT3S', cleared: 4 });
    const feed = (await world.stack.call('GET', `/v1/inboxes/${inboxId}/feed?view=unthreaded`, { key: adminKey })).body.items;
    expect(feed.map((i: { externalId: string; autoRead: boolean }) => [i.externalId, i.autoRead]).sort()).toEqual([...old, fresh, later].map((id) => [id, true]).sort());
  });

  it('turned off mid-sleep: the workflow ends and nothing more is cleared', async () => {
    const { number, inboxId, as } = await setUpInbox(world.stack, { agents: 0 });
    await as('PATCH', `/v1/inboxes/${inboxId}/policies/automation`, { autoMarkReadAfter: 'PT1H' });
    await receive(number, new Date());
    await eventually(async () => (await progressOf(inboxId)).phase === 'sleeping', 'the sleep');
    await as('PATCH', `/v1/inboxes/${inboxId}/policies/automation`, { autoMarkReadAfter: null });
    expect(await workflow(inboxId).result()).toMatchObject({ phase: 'off' });
    expect(await unreadOf(inboxId)).toHaveLength(1);
  });

  it('shortened mid-sleep: clears at once what the new period makes old; lengthened: re-plans the wake-up', async () => {
    const { number, inboxId, as } = await setUpInbox(world.stack, { agents: 0 });
    await as('PATCH', `/v1/inboxes/${inboxId}/policies/automation`, { autoMarkReadAfter: 'PT1H' });
    const tenSecondsOld = await receive(number, new Date(Date.now() - 10_000));
    await eventually(async () => (await progressOf(inboxId)).phase === 'sleeping', 'the sleep');
    expect(await unreadOf(inboxId)).toEqual([tenSecondsOld]);
    await as('PATCH', `/v1/inboxes/${inboxId}/policies/automation`, { autoMarkReadAfter: 'PT5S' });
    await eventually(async () => (await unreadOf(inboxId)).length === 0, 'the shortened period to apply');

    const fresh = await receive(number, new Date());
    await eventually(async () => { const p = await progressOf(inboxId); return p.phase === 'sleeping' && Date.parse(p.nextRunAt!) < Date.now() + 10_000; }, 'a wake-up for the fresh item');
    await as('PATCH', `/v1/inboxes/${inboxId}/policies/automation`, { autoMarkReadAfter: 'P1D' });
    const replanned = await eventually(async () => { const p = await progressOf(inboxId); return p.period === 'P1D' && p.phase === 'sleeping' ? p : undefined; }, 'the re-plan');
    expect(Date.parse(replanned.nextRunAt!)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    expect(await unreadOf(inboxId)).toEqual([fresh]);
  });

  it('survives a worker restart mid-sleep', async () => {
    const { number, inboxId, as } = await setUpInbox(world.stack, { agents: 0 });
    await as('PATCH', `/v1/inboxes/${inboxId}/policies/automation`, { autoMarkReadAfter: 'PT4S' });
    const item = await receive(number, new Date());
    await eventually(async () => (await progressOf(inboxId)).phase === 'sleeping', 'the sleep');
    await world.stack.restartWorker();
    await eventually(async () => !(await unreadOf(inboxId)).includes(item), 'the item to expire after the restart');
    const [row] = await world.stack.database.db.select().from(communications).where(eq(communications.externalId, item));
    expect(row!.readBy).toBe('auto');
  });

  it('goes on clearing across continue-as-new on the policy it had, and a new run reads a change whose signal never came', async () => {
    const { number, inboxId, orgId, as } = await setUpInbox(world.stack, { agents: 0 });
    await as('PATCH', `/v1/inboxes/${inboxId}/policies/automation`, { autoMarkReadAfter: 'PT2S' });
    // The API started it with runs of the default length: start it afresh with runs of two rounds.
    await workflow(inboxId).terminate('restarted with short runs');
    const started = await world.stack.client.workflow.start(autoMarkReadWorkflow, {
      workflowId: autoReadWorkflowId(inboxId), taskQueue: world.stack.taskQueue, args: [{ orgId, inboxId, roundsPerRun: 2 }],
    });
    const runOf = async () => (await workflow(inboxId).describe()).runId;
    await eventually(async () => (await runOf()) !== started.firstExecutionRunId, 'a continue-as-new');

    const item = await receive(number, new Date());
    await eventually(async () => !(await unreadOf(inboxId)).includes(item), 'the item to expire in a continued run');
    const [row] = await world.stack.database.db.select().from(communications).where(eq(communications.externalId, item));
    expect(row!.readBy).toBe('auto');
    expect(row!.readAt!.getTime() - row!.occurredAt.getTime()).toBeGreaterThanOrEqual(2000);
    expect(await progressOf(inboxId)).toMatchObject({ period: 'PT2S', policyVersion: 1, cleared: 1 });

    // Stored as when Temporal was unreachable at the change: no signal; the next run reads it.
    const current = (await as('GET', `/v1/inboxes/${inboxId}/policies/automation`)).body;
    await world.stack.database.db.update(inboxPolicies).set({ document: { ...current, autoMarkReadAfter: 'PT1S' }, version: 2 })
      .where(and(eq(inboxPolicies.inboxId, inboxId), eq(inboxPolicies.name, 'automation')));
    const before = await runOf();
    const reread = await eventually(async () => { const p = await progressOf(inboxId); return p.policyVersion === 2 ? p : undefined; }, 'the next run to read the policy');
    expect(reread).toMatchObject({ period: 'PT1S', cleared: 1 });
    expect(await runOf()).not.toBe(before);
  });
});
