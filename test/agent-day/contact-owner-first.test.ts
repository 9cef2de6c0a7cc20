import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callWorkflowId, type CallState } from '../../workflows/call/contract.ts';
import { newCallId, randomNumber, setUpInbox, startCallWorld, type CallWorld } from '../helpers/call-fixture.ts';
import { recordHistory } from '../helpers/record-history.ts';

let world: CallWorld;
beforeAll(async () => (world = await startCallWorld()));
afterAll(() => world?.stop());

type Ring = { body: { targets: { userId: string }[]; timeoutSec: number } };
const ringed = (callId: string) => world.carrier.accepted(callId).filter((c) => c.body.command === 'ring') as unknown as Ring[];
const whoRang = (callId: string) => ringed(callId).map((r) => r.body.targets.map((t) => t.userId));
const outcome = async (callId: string) => {
  const state = (await world.stack.client.workflow.getHandle(callWorkflowId(callId)).result()) as CallState;
  await recordHistory(callWorkflowId(callId));
  return state;
};

/** An inbox of three agents and a contact owned by the last of them. */
async function ownedContactCalls(routing: Record<string, unknown>) {
  const inbox = await setUpInbox(world.stack, { agents: 3, routing });
  const phone = randomNumber();
  const owner = inbox.agents[2]!;
  await inbox.as('POST', '/v1/contacts', { name: 'Owned', phones: [phone], ownerUserId: owner });
  const call = async () => {
    const callId = newCallId();
    await world.carrier.sendVoice({ type: 'call.initiated', callId, from: phone, to: inbox.number });
    return callId;
  };
  return { ...inbox, owner, phone, call };
}

describe("routing's contactOwnerFirst", () => {
  it('rings the owner alone for one ring timeout, then the strategy goes on (simultaneous rings everyone, the owner too)', async () => {
    const { agents, owner, call } = await ownedContactCalls({ contactOwnerFirst: true, ringTimeoutSec: 2, maxWaitSec: 30 });
    const callId = await call();
    const first = await world.carrier.nextCommand(callId, 'ring');
    expect(first.body).toMatchObject({ targets: [expect.objectContaining({ userId: owner })], timeoutSec: 2 });
    expect((await world.carrier.nextCommand(callId, 'cancel_ring')).body.userIds).toEqual([owner]);
    await world.carrier.nextCommand(callId, 'ring', (c) => (c.body.targets as unknown[]).length === 3);
    await world.carrier.sendVoice({ type: 'call.answered', callId, userId: agents[0] });
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller', occurredAt: new Date(Date.now() + 500).toISOString() });
    const final = await outcome(callId);
    expect(final).toMatchObject({ status: 'completed', answeredBy: agents[0], attempts: 2 });
    expect(whoRang(callId)).toEqual([[owner], agents]);
    expect(final.events.map((e) => e.type)).toContain('owner_first');
  });

  it('connects the owner who answers; an owner who declines is not rung again by a sequential strategy', async () => {
    const { agents, owner, call } = await ownedContactCalls({ contactOwnerFirst: true, strategy: 'sequential', ringTimeoutSec: 10, maxWaitSec: 60, voicemail: { enabled: false } });
    const answered = await call();
    await world.carrier.nextCommand(answered, 'ring');
    await world.carrier.sendVoice({ type: 'call.answered', callId: answered, userId: owner });
    await world.carrier.sendVoice({ type: 'call.hangup', callId: answered, party: 'caller', occurredAt: new Date(Date.now() + 500).toISOString() });
    expect(await outcome(answered)).toMatchObject({ status: 'completed', answeredBy: owner, attempts: 1 });

    const declined = await call();
    await world.carrier.nextCommand(declined, 'ring');
    await world.carrier.sendVoice({ type: 'call.declined', callId: declined, userId: owner });
    for (const agent of agents.slice(0, 2)) {
      await world.carrier.nextCommand(declined, 'ring', (c) => (c.body.targets as { userId: string }[])[0]!.userId === agent);
      await world.carrier.sendVoice({ type: 'call.declined', callId: declined, userId: agent });
    }
    expect((await outcome(declined)).status).toBe('missed');
    expect(whoRang(declined)).toEqual([[owner], [agents[0]], [agents[1]]]);
  });

  it('keeps maxWaitSec as the bound of the whole ring: the strategy gets only what the owner left', async () => {
    const { agents, owner, call } = await ownedContactCalls({ contactOwnerFirst: true, ringTimeoutSec: 2, maxWaitSec: 3, voicemail: { enabled: false } });
    const callId = await call();
    expect((await outcome(callId)).status).toBe('missed');
    expect(whoRang(callId)).toEqual([[owner], agents]);
    expect(ringed(callId).map((r) => r.body.timeoutSec)).toEqual([2, 1]);
  });

  it('rings the strategy straight away when the policy is off (the default) or the owner is not available', async () => {
    const off = await ownedContactCalls({ ringTimeoutSec: 2, maxWaitSec: 30 });
    const first = await off.call();
    await world.carrier.nextCommand(first, 'ring');
    await world.carrier.sendVoice({ type: 'call.hangup', callId: first, party: 'caller' });
    await outcome(first);
    expect(whoRang(first)).toEqual([off.agents]);

    const away = await ownedContactCalls({ contactOwnerFirst: true, ringTimeoutSec: 2, maxWaitSec: 30 });
    await away.as('PATCH', `/v1/users/${away.owner}`, { presence: 'busy' });
    const second = await away.call();
    await world.carrier.nextCommand(second, 'ring');
    await world.carrier.sendVoice({ type: 'call.hangup', callId: second, party: 'caller' });
    await outcome(second);
    expect(whoRang(second)).toEqual([away.agents.slice(0, 2)]);
  });
});
