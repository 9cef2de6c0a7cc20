import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time.js';
import type { temporal } from '@temporalio/proto';
import { inParallel } from './in-parallel.ts';

/** One call of a lifecycle level, by wall clock (the server's event times are on the same machine's clock). */
export interface TimedCall {
  workflowId: string;
  /** Date.now() when the webhook was posted. */
  postedAt: number;
  /** When the ring command reached the carrier: postedAt plus the first ring as timed on the monotonic clock. */
  rungAt: number;
}

/**
 * Where one call's first ring spent its time, read from its workflow history (ms):
 * - `pickedUp`: webhook posted → the workflow task that rings picked up by the worker (the API, the server's start
 *   and its dispatch);
 * - `inWorker`: that workflow task, picked up → completed (workflow code and any local activities it waits on);
 * - `toCarrier`: completed → the ring command at the carrier (the server's handling of the commands, the activity
 *   task's dispatch and the activity itself).
 */
export interface FirstRingPhases {
  pickedUp: number;
  inWorker: number;
  toCarrier: number;
}

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

// Milliseconds with the nanoseconds tsToMs drops: the phases are a few ms each.
const eventMs = (event: HistoryEvent): number => tsToMs(event.eventTime) + ((event.eventTime?.nanos ?? 0) % 1e6) / 1e6;

/** The phases of one call from its history: the workflow task is the one whose completion scheduled the first activity (the ring). */
export function phasesOf(events: HistoryEvent[], call: TimedCall): FirstRingPhases {
  const byId = new Map(events.map((e) => [Number(e.eventId), e]));
  const ring = events.find((e) => e.activityTaskScheduledEventAttributes);
  const completed = byId.get(Number(ring?.activityTaskScheduledEventAttributes?.workflowTaskCompletedEventId));
  const started = byId.get(Number(completed?.workflowTaskCompletedEventAttributes?.startedEventId));
  if (!completed || !started) throw new Error(`${call.workflowId}: no activity scheduled by a completed workflow task in its history`);
  return { pickedUp: eventMs(started) - call.postedAt, inWorker: eventMs(completed) - eventMs(started), toCarrier: call.rungAt - eventMs(completed) };
}

/** The phases of every call, from their histories (read `concurrency` at a time). */
export function firstRingPhases(client: Client, calls: TimedCall[], concurrency = 10): Promise<FirstRingPhases[]> {
  return inParallel(calls.length, concurrency, async (i) => {
    const history = await client.workflow.getHandle(calls[i]!.workflowId).fetchHistory();
    return phasesOf(history.events ?? [], calls[i]!);
  });
}
