import type { CallContext } from './call-context.ts';
import type { MaxWait } from './max-wait.ts';
import { ringGroup } from './ringing.ts';

/** Under routing's contactOwnerFirst, the calling contact's owner, if a connected user of the inbox free to take it. */
export function ownerToRingFirst(call: CallContext): string | undefined {
  const owner = call.inbox.contactOwnerUserId;
  if (!call.policy.contactOwnerFirst || !owner) return undefined;
  const candidate = call.inbox.candidates.find((c) => c.userId === owner);
  return candidate?.available && !candidate.onCall ? owner : undefined;
}

/**
 * Rings the owner alone for one ring timeout; the strategy goes on afterwards if nobody answered. The maximum
 * wait is the whole ring's, so it still bounds the whole ring.
 */
export async function ringOwnerFirst(call: CallContext, ownerId: string, wait: MaxWait) {
  call.note('owner_first', { userId: ownerId });
  const rung = new Set<string>();
  return ringGroup(call, [ownerId], { rung, wait, settled: () => call.events.answer(rung) ?? call.events.callerHangup() });
}
