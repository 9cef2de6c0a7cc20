import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageWorkflowId } from '../../workflows/messages/contract.ts';
import { setUpInbox, startCallWorld, type CallWorld } from '../helpers/call-fixture.ts';

let world: CallWorld;
beforeAll(async () => (world = await startCallWorld()));
afterAll(() => world?.stop());

describe('a line moved to a personal inbox', () => {
  it('shows there only what arrived after the assignment; the earlier history stays with the inbox it arrived in', async () => {
    const { number, inboxId: sharedId, agents, as, adminKey } = await setUpInbox(world.stack, { agents: 1 });
    const receive = async (messageId: string, body: string) => {
      await world.carrier.sendMessaging({ type: 'message.received', messageId, from: '+14155550300', to: number, body });
      await world.stack.client.workflow.getHandle(messageWorkflowId(messageId)).result();
    };
    await receive(`SMbefore${Date.now()}`, 'before the move');
    const personal = await as('POST', '/v1/inboxes', { name: 'Direct line', kind: 'personal', ownerUserId: agents[0] });
    await as('DELETE', `/v1/inboxes/${sharedId}/numbers/${encodeURIComponent(number)}`);
    await as('POST', `/v1/inboxes/${personal.id}/numbers`, { e164: number });
    await receive(`SMafter${Date.now()}`, 'after the move');

    const bodies = async (inboxId: string) =>
      (await world.stack.call('GET', `/v1/inboxes/${inboxId}/feed?view=unthreaded`, { key: adminKey })).body.items.map((i: { body: string }) => i.body);
    expect(await bodies(personal.id)).toEqual(['after the move']);
    expect(await bodies(sharedId)).toEqual(['before the move']);
    // The owner, a member of both, sees each inbox separately.
    const ownerKey = (await world.stack.call('POST', '/v1/api-keys', { key: adminKey, body: { role: 'agent', userId: agents[0] } })).body.key;
    expect((await world.stack.call('GET', `/v1/inboxes/${personal.id}/unread-count`, { key: ownerKey })).body.unread).toBe(1);
    expect((await world.stack.call('GET', `/v1/inboxes/${sharedId}/unread-count`, { key: ownerKey })).body.unread).toBe(1);
  });
});
