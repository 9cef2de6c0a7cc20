// The baseline's one workflow: what any Temporal call app must do at least. It waits for the carrier to announce
// the call, rings through one ordinary activity (the same options as Switchboard's carrier commands), then
// waits for the hang-up. No routing, no records, no timers: the stack's limit, not a strawman of Switchboard.
import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import { callerLegCommands } from '../../workflows/activity-options.ts';
import type { BaselineActivities } from './activities.ts';

export interface BaselineVoiceEvent {
  type: string;
  callId: string;
}

export const baselineVoiceEvent = defineSignal<[BaselineVoiceEvent]>('baselineVoiceEvent');

// Switchboard gives a ring command the caller's whole wait (maxWaitSec, 120 s by default) to get through.
const { sendRing } = proxyActivities<BaselineActivities>(callerLegCommands);

export async function baselineCall(input: { callId: string }): Promise<void> {
  const seen = new Set<string>();
  setHandler(baselineVoiceEvent, (event) => void seen.add(event.type));
  await condition(() => seen.has('call.initiated'));
  if (!seen.has('call.hangup')) await sendRing({ callId: input.callId });
  await condition(() => seen.has('call.hangup'));
}
