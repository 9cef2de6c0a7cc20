import { condition } from '@temporalio/workflow';
import type { CallContext } from './call-context.ts';

/** An answered call: the agent keeps it until someone hangs up; anyone else who answered too is cancelled. */
export async function connect(call: CallContext, userId: string, answeredAt: string): Promise<void> {
  const { state, events } = call;
  Object.assign(state, { status: 'connected', answeredBy: userId, answeredAt });
  await call.recordProgress({ agentUserId: userId, answeredAt, ...(call.inbox.manualMarkReadOnly ? {} : { markConversationReadBy: userId }) });
  const cancelled = new Set([userId]);
  const extraAnswers = () => events.list.filter((e) => e.type === 'call.answered' && !cancelled.has(e.userId)).map((e) => (e as { userId: string }).userId);
  const ended = () => events.first('call.hangup');
  for (;;) {
    await condition(() => !!ended() || extraAnswers().length > 0);
    // Two agents answered together: the first keeps the call, the other leg is cancelled.
    const extra = extraAnswers();
    extra.forEach((id) => cancelled.add(id));
    // Worth sending until the call ends, whoever hangs up.
    if (extra.length) await call.sendCommand(`cancel-extra:${[...cancelled].join(',')}`, { command: 'cancel_ring', userIds: extra }, ended);
    if (ended()) break;
  }
  Object.assign(state, { status: 'completed', endedAt: ended()!.occurredAt });
}
