import { condition, patched } from '@temporalio/workflow';
import { ringGroups } from '../../domain/routing/order-agents.ts';
import { REORDER_GRACE_MS, type CallContext } from './call-context.ts';
import type { MaxWait } from './max-wait.ts';
import { callPatches } from './patches.ts';

/** What one attempt needs from the whole ring. */
interface Ring {
  rung: Set<string>;
  wait: MaxWait;
  settled: () => unknown;
}

/** Rings in attempts until someone answers, the caller hangs up, or the maximum wait runs out; returns the answer. */
export async function ring(call: CallContext, ordered: string[], wait: MaxWait) {
  const rung = new Set<string>();
  const deadline = () => wait.deadline();
  const settled = () => call.events.answer(rung) ?? call.events.callerHangup();
  while (Date.now() < deadline() && !settled()) {
    // Whoever declined is not rung again on this call; when everyone has, ringing is over.
    const willing = ordered.filter((id) => !call.events.declined(id));
    if (willing.length === 0) return undefined;
    for (const group of ringGroups(call.policy.strategy, willing)) {
      if (settled() || Date.now() >= deadline()) break;
      const answer = await ringGroup(call, group, { rung, wait, settled });
      if (answer) return answer;
    }
  }
  return undefined;
}

/** One attempt: rings the group, waits it out, and cancels whoever is still ringing. */
export async function ringGroup(call: CallContext, group: string[], { rung, wait, settled }: Ring) {
  const { state, events } = call;
  const deadline = () => wait.deadline();
  state.attempts += 1;
  state.ringing = group;
  group.forEach((userId) => rung.add(userId));
  const sentAt = Date.now();
  let attemptStart = sentAt;
  const sinceIndex = events.list.length;
  const timeoutSec = Math.max(1, Math.ceil(Math.min(call.policy.ringTimeoutSec * 1000, deadline() - attemptStart) / 1000));
  const ringCommand = { command: 'ring' as const, targets: group.map((id) => call.inbox.targets[id]!), timeoutSec };
  await call.sendCommand(`ring:${state.attempts}`, ringCommand);
  // The agents ring from when the carrier accepted the ring: its retries do not eat their ring time.
  if (patched(callPatches.ringClockFromAcceptance)) attemptStart = Date.now();
  // Nor do they eat the maximum wait, which bounds the ringing: otherwise a ring accepted after an outage
  // as long as the wait would be cancelled at once.
  if (patched(callPatches.maxWaitFromAcceptance)) wait.exclude(Date.now() - sentAt);
  // Wait out the attempt; a policy change wakes the wait so new limits apply at once.
  for (;;) {
    const left = Math.min(attemptStart + call.policy.ringTimeoutSec * 1000, deadline()) - Date.now();
    const version = call.routingVersion;
    if (left <= 0 || !(await condition(() => !!settled() || events.declinedAll(group, sinceIndex) || call.routingVersion !== version, left))) break;
    if (call.routingVersion === version) break;
  }
  if (events.callerHangup() && !events.answer(rung)) await condition(() => !!events.answer(rung), REORDER_GRACE_MS);
  const answer = events.answer(rung);
  const stillRinging = group.filter((id) => id !== answer?.userId && !events.declined(id, sinceIndex));
  if (stillRinging.length && !events.callerHangup()) await call.sendCommand(`cancel:${state.attempts}`, { command: 'cancel_ring', userIds: stillRinging });
  state.ringing = [];
  // An agent may pick up while the cancel is in flight: the carrier connected that answer, so it stands.
  const answeredMeanwhile = answer ? undefined : events.answer(rung);
  if (answeredMeanwhile && patched(callPatches.answerDuringCancel)) return answeredMeanwhile;
  return answer;
}
