import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { TimedCall } from './first-ring-phases.ts';
import { inParallel } from './in-parallel.ts';
import { newNumber } from './lines.ts';
import type { Target } from './targets.ts';

export interface LevelResult {
  /** Webhook posted → 202 answered, per call (ms). */
  accepted: number[];
  /** Webhook posted → ring command at the carrier, per call (ms). */
  firstRing: number[];
  /** Whole lifecycles (initiated → ring → answered → hang-up → workflow closed) per second. */
  perSecond: number;
  /** Each call's workflow and wall-clock times, to read where its first ring spent its time. */
  calls: TimedCall[];
}

const newCallId = () => `CA${randomUUID().replace(/-/g, '')}`;
// Far beyond any healthy figure: past it the stack is stuck or collapsing, and the benchmark says so rather than wait forever.
const STUCK_MS = 180_000;

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${STUCK_MS / 1000} s (the stack is stuck or overloaded)`)), STUCK_MS);
  });
  return Promise.race([promise, stuck]).finally(() => clearTimeout(timer));
}

async function post(target: Target, event: Record<string, unknown>): Promise<void> {
  const response = await target.carrier.sendVoice(event);
  if (response.status !== 202) throw new Error(`${target.name} answered ${event.type} with ${response.status}: ${JSON.stringify(response.body)}`);
}

/** One call from start to end on lane `lane`: returns its two latencies and its wall-clock times once its workflow has closed. */
async function lifecycle(target: Target, client: Client, lane: number): Promise<{ accepted: number; firstRing: number; call: TimedCall }> {
  const { line, caller } = target.lanes[lane]!;
  const callId = newCallId();
  const postedAt = Date.now();
  const started = performance.now();
  const ring = target.carrier.nextCommand(callId, 'ring');
  await post(target, { type: 'call.initiated', callId, from: caller, to: line.number });
  const accepted = performance.now() - started;
  await within(ring, `${target.name}: the ring of call ${callId}`);
  const firstRing = performance.now() - started;
  await post(target, { type: 'call.answered', callId, userId: line.agents[0] });
  await post(target, { type: 'call.hangup', callId, party: 'caller' });
  const workflowId = target.workflowId(callId);
  await within(client.workflow.getHandle(workflowId).result(), `${target.name}: the end of call ${callId}`);
  return { accepted, firstRing, call: { workflowId, postedAt, rungAt: postedAt + firstRing } };
}

/** `calls` lifecycles, `concurrency` at a time (each lane one call after another on its own line). */
export async function runLevel(target: Target, client: Client, concurrency: number, calls: number): Promise<LevelResult> {
  const result: LevelResult = { accepted: [], firstRing: [], perSecond: 0, calls: [] };
  let begun = 0;
  const began = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, lane) => {
    while (begun++ < calls) {
      const times = await lifecycle(target, client, lane);
      result.accepted.push(times.accepted);
      result.firstRing.push(times.firstRing);
      result.calls.push(times.call);
    }
  }));
  result.perSecond = calls / ((performance.now() - began) / 1000);
  return result;
}

/** Starts `count` calls on the ring line, `concurrency` at a time, each from its own caller; resolves when every one is ringing. */
export async function ringMany(target: Target, count: number, concurrency: number): Promise<string[]> {
  const callIds: string[] = [];
  let begun = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (begun++ < count) {
      const callId = newCallId();
      callIds.push(callId);
      const ring = target.carrier.nextCommand(callId, 'ring');
      await post(target, { type: 'call.initiated', callId, from: newNumber(), to: target.ringLine.number });
      await within(ring, `${target.name}: the ring of call ${callId}`);
    }
  }));
  return callIds;
}

/** The callers hang up, `concurrency` at a time; resolves when every call's workflow has closed. */
export async function hangUpAll(target: Target, client: Client, callIds: string[], concurrency: number): Promise<void> {
  await inParallel(callIds.length, concurrency, (i) => post(target, { type: 'call.hangup', callId: callIds[i], party: 'caller' }));
  await Promise.all(callIds.map((callId) => within(client.workflow.getHandle(target.workflowId(callId)).result(), `${target.name}: the end of call ${callId}`)));
}
