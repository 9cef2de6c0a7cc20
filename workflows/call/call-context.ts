import { ActivityFailure, CancellationScope, condition, patched, TimeoutFailure } from '@temporalio/workflow';
import type { CallArrival, CallProgress, RoutedCall } from '../../activities/calls.ts';
import type { CallCommand } from '../../activities/carrier-client.ts';
import { voiceEventKey } from '../../domain/calls/event-keys.ts';
import type { VoiceEvent } from '../../domain/calls/voice-events.ts';
import type { RoutingPolicy } from '../../domain/policies/routing.ts';
import { carrierCommands, databaseSteps } from './activities.ts';
import { callPatches } from './patches.ts';
import { CallerLegDecisions } from './decisions.ts';
import { CallEvents } from './events.ts';
import { initialCallState, type CallState } from './state.ts';

// Carriers reorder: before concluding from a hang-up, give an earlier answer or voicemail this long to arrive.
export const REORDER_GRACE_MS = 2000;

/** A carrier command refused for good, or not accepted while it could still matter: the call fails and says why. */
export class CarrierFailure extends Error {}

/**
 * What the parts of one call share: its live state and timeline, its carrier events, the routing policy in
 * force (a signal may replace it at any moment, so it is read afresh at every decision) and, once routed,
 * the inbox that owns the call.
 */
export class CallContext {
  readonly callId: string;
  readonly state: CallState;
  readonly events = new CallEvents();
  readonly decisions = new CallerLegDecisions();
  private readonly seen = new Set<string>();
  private routing: RoutingPolicy | undefined;
  private version = -1;
  private owner: RoutedCall | undefined;
  /** The call as it arrived, while routing has found its inbox but the call is not recorded there yet. */
  private unrecorded: CallArrival | undefined;
  private recorded: Promise<void> | undefined;

  constructor(callId: string) {
    this.callId = callId;
    this.state = initialCallState(callId);
  }

  /** Adds an entry to the call's timeline. */
  note(type: string, detail?: Record<string, unknown>, at = new Date().toISOString()): void {
    this.state.events.push({ at, type, ...(detail ? { detail } : {}) });
  }

  /** Takes a carrier event once, however often the carrier delivers it. */
  receive(event: VoiceEvent): void {
    const key = voiceEventKey(event);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.events.list.push(event);
    const { type, callId: _callId, occurredAt, ...detail } = event;
    this.note(type, detail, occurredAt);
  }

  /** Adopts a routing policy unless the same or a newer version is already in force; says whether it did. */
  adoptRouting(policy: RoutingPolicy, version: number): boolean {
    if (version <= this.version) return false;
    [this.routing, this.version] = [policy, version];
    return true;
  }

  get routingVersion(): number {
    return this.version;
  }

  get policy(): RoutingPolicy {
    if (!this.routing) throw new Error('the call has no routing policy before it is routed');
    return this.routing;
  }

  /**
   * Binds the call to the inbox that owns it (routing brings that inbox's policy, unless a newer one came first).
   * With `arrival`, routing only read: the call is recorded in the inbox by its first write of progress.
   */
  assignTo(routed: RoutedCall, arrival?: CallArrival): void {
    this.owner = routed;
    this.unrecorded = arrival;
    Object.assign(this.state, { orgId: routed.orgId, inboxId: routed.inboxId });
    this.adoptRouting(routed.routing, routed.routingVersion);
  }

  get inbox(): RoutedCall {
    if (!this.owner) throw new Error('the call has no inbox before it is routed');
    return this.owner;
  }

  /**
   * Records the call in its inbox (contact, conversation, call record) with its current status, once; and, when
   * given, whom the inbox rings first.
   */
  recordArrival(firstRungUserId?: string): Promise<void> {
    if (this.unrecorded) {
      const { orgId, inboxId } = this.inbox;
      this.recorded = databaseSteps.recordCallArrival({
        ...this.unrecorded, orgId, inboxId, callId: this.callId, status: this.state.status, ...(firstRungUserId ? { firstRungUserId } : {}),
      });
      this.unrecorded = undefined;
    }
    return this.recorded ?? Promise.resolve();
  }

  /**
   * Records the call ringing, with whom the inbox rings first, unless routing wrote just that already (it decided
   * the call's opening by the same rule; a policy signalled meanwhile could make the workflow's first differ).
   */
  recordRinging(firstRungUserId: string): Promise<unknown> {
    if (this.inbox.recordedRinging?.firstRungUserId === firstRungUserId) return Promise.resolve();
    if (this.unrecorded) return this.recordArrival(firstRungUserId);
    return Promise.all([databaseSteps.rememberFirstRung({ inboxId: this.inbox.inboxId, userId: firstRungUserId }), this.recordProgress()]);
  }

  /** Writes the call's current status (and whatever else is given) to its record in the inbox, recording the call first if it is not yet. */
  recordProgress(extra: Partial<CallProgress> = {}): Promise<void> {
    const progress = { orgId: this.inbox.orgId, callId: this.callId, status: this.state.status, ...extra };
    if (!this.unrecorded && !this.recorded) return databaseSteps.recordCallProgress(progress);
    // Recorded now, the call's record has this status already; anything more is a write after it.
    const firstWrite = !!this.unrecorded;
    const arrived = this.recordArrival();
    if (firstWrite && Object.keys(extra).length === 0) return arrived;
    return arrived.then(() => databaseSteps.recordCallProgress(progress));
  }

  /**
   * Notes a carrier command on the timeline and sends it, retried while it can still matter: until `over`
   * (by default, the caller hanging up), when it is withdrawn and the call goes on as the events say, or
   * until the carrier keeps no caller any longer (CALLER_HOLD_CAP), when the call fails. The key makes every
   * retry of it one command.
   */
  async sendCommand(key: string, body: CallCommand, over: () => unknown = () => this.events.callerHangup()): Promise<void> {
    this.note(`command.${body.command}`, { ...body });
    this.decisions.add(body);
    const broughtBy = this.owner?.broughtBy;
    const send = () => carrierCommands.sendCallCommand({ callId: this.callId, idempotencyKey: `${this.callId}:${key}`, command: body, ...(broughtBy ? { broughtBy } : {}) });
    try {
      // Calls that began before commands outlived a short window replay with nothing withdrawn.
      if (!patched(callPatches.commandsWhileCallerWaits)) return await send();
      if ((await unlessOver(send, over)) === 'withdrawn') this.note('command.withdrawn', { command: body.command });
    } catch (error) {
      if (error instanceof ActivityFailure) throw new CarrierFailure(reasonOf(error));
      throw error;
    }
  }
}

/**
 * Runs `send` until it settles or `over()` holds, whichever is first; in the second case the command is
 * cancelled (an attempt in flight is not waited for) and 'withdrawn' returned.
 */
async function unlessOver(send: () => Promise<void>, over: () => unknown): Promise<'accepted' | 'withdrawn'> {
  const sending = new CancellationScope();
  const watching = new CancellationScope();
  const sent = sending.run(send);
  const ended = watching.run(() => condition(() => !!over()));
  // The loser is cancelled below; its rejection is expected.
  ended.catch(() => undefined);
  try {
    const first = await Promise.race([sent.then(() => 'accepted' as const), ended.then(() => 'withdrawn' as const)]);
    if (first === 'withdrawn') {
      sending.cancel();
      await sent.catch(() => undefined);
    }
    return first;
  } finally {
    watching.cancel();
  }
}

/** Why a command failed: the carrier's refusal, or its last answer before the command's time ran out. */
function reasonOf(failure: ActivityFailure): string {
  const cause = failure.cause;
  if (cause instanceof TimeoutFailure) return `not accepted in time${cause.cause ? `: ${cause.cause.message}` : ''}`;
  return cause?.message ?? failure.message;
}
