import { allHandlersFinished, condition, patched, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { CallStatus } from '../../domain/calls/voice-events.ts';
import type { RoutingPolicy } from '../../domain/policies/routing.ts';
import { openCall } from '../../domain/routing/call-opening.ts';
import { policyChangedSignal } from '../policy-changed.ts';
import { inboxIdAttribute, orgIdAttribute } from '../search-attributes.ts';
import { databaseSteps } from './activities.ts';
import { connect } from './answered.ts';
import { CallContext, CarrierFailure } from './call-context.ts';
import { callDecisionUpdate } from './decisions.ts';
import { MaxWait } from './max-wait.ts';
import { callPatches } from './patches.ts';
import { ownerToRingFirst, ringOwnerFirst } from './owner-first.ts';
import { ring } from './ringing.ts';
import type { CallInput } from './contract.ts';
import { callStateQuery, voiceEventSignal, type CallState } from './state.ts';
import { hangUpMissed, voicemailOrMissed } from './voicemail.ts';

// Events for a call the carrier never announces are dropped after this long.
const ORPHAN_WAIT = '1 hour';
// Outcomes the inbox's watchers are told about.
const notificationKinds: Partial<Record<CallStatus, 'missed_call' | 'abandoned_call' | 'voicemail'>> = {
  missed: 'missed_call', abandoned: 'abandoned_call', voicemail_left: 'voicemail',
};

/** One inbound call: waits for the carrier to announce it, routes it, rings, answers or takes voicemail, records how it ended and tells the watchers. */
export async function callWorkflow(input: CallInput): Promise<CallState> {
  const call = new CallContext(input.callId);
  const { state, events } = call;
  setHandler(callStateQuery, () => state);
  setHandler(voiceEventSignal, (event) => call.receive(event));
  // A carrier that waits for instructions in its webhook's answer (Twilio) delivers its events here instead.
  setHandler(callDecisionUpdate, (delivered) => {
    delivered.forEach((event) => call.receive(event));
    return call.decisions.next();
  });
  setHandler(policyChangedSignal, (change) => {
    if (change.name !== 'routing' || !call.adoptRouting(change.document as RoutingPolicy, change.version)) return;
    call.note('policy.changed', { policy: 'routing', version: change.version });
  });

  if (!(await condition(() => !!events.first('call.initiated'), ORPHAN_WAIT))) return state;
  const initiated = events.first('call.initiated')!;
  Object.assign(state, { from: initiated.from, to: initiated.to, startedAt: initiated.occurredAt });

  const arrival = { from: initiated.from, to: initiated.to, occurredAt: initiated.occurredAt };
  // Routing records a call that opens by ringing in the same step. Calls that began before it route as their
  // histories recorded: reading, then recording beside the first ring (routeThenRecord); or, before that,
  // recording while routing.
  const routeAndRecord = patched(callPatches.routeAndRecord);
  const routeThenRecord = !routeAndRecord && patched(callPatches.routeThenRecord);
  const routed = routeAndRecord
    ? await databaseSteps.routeAndRecordCall({ callId: input.callId, ...arrival })
    : routeThenRecord
      ? await databaseSteps.routeIncomingCall({ from: arrival.from, to: arrival.to })
      : await databaseSteps.routeCall({ callId: input.callId, ...arrival });
  if (!routed) {
    state.status = 'failed';
    call.note('routing.failed', { reason: `no inbox owns ${initiated.to}` });
    return concluded(call);
  }
  const leftUnrecorded = routeThenRecord || (routeAndRecord && !routed.recordedRinging);
  call.assignTo(routed, leftUnrecorded ? arrival : undefined);
  upsertSearchAttributes({ [orgIdAttribute.name]: [routed.orgId], [inboxIdAttribute.name]: [routed.inboxId] });
  for (const { userId, reason } of routed.unreachable ?? []) call.note('agent.skipped', { userId, reason });

  try {
    await handleCall(call, new Date(initiated.occurredAt));
  } catch (error) {
    // The carrier refused a command, or stayed unreachable while the call could still matter: the call
    // fails and says why, rather than the workflow leaving its records mid-way.
    if (!(error instanceof CarrierFailure)) throw error;
    state.status = 'failed';
    call.note('carrier.failed', { reason: error.message });
  }
  call.decisions.concluded = true;
  await recordEnd(call);
  await notifyWatchers(call);
  return concluded(call);
}

/** The call's final state, once every carrier waiting on a decision has had its answer. */
async function concluded(call: CallContext): Promise<CallState> {
  call.decisions.concluded = true;
  await condition(allHandlersFinished);
  return call.state;
}

/** Decides what happens to a routed call: closed-hours handling, ringing the agents, or voicemail. */
async function handleCall(call: CallContext, arrivedAt: Date): Promise<void> {
  const { state, events } = call;
  const opening = openCall(call.policy, call.inbox, arrivedAt);
  if (opening.kind === 'closed') {
    call.note('closed', { afterHours: call.policy.afterHours });
    return call.policy.afterHours === 'voicemail' ? voicemailOrMissed(call, 'after_hours') : hangUpMissed(call, 'after_hours');
  }
  if (opening.kind === 'no_agent') {
    call.note('no_agent_available');
    return voicemailOrMissed(call, 'no_agent_available');
  }
  const { ordered } = opening;
  state.status = 'ringing';
  // The call's record, now ringing, and whom the inbox rang first: written by routing already, or scheduled with
  // the first ring rather than before it.
  const bookkeeping = call.recordRinging(ordered[0]!);
  const wait = new MaxWait(call, Date.now());
  const owner = ownerToRingFirst(call);
  // Calls routed before contactOwnerFirst existed never ring an owner first, so their histories replay unchanged.
  let answer = owner && patched(callPatches.contactOwnerFirst) ? await ringOwnerFirst(call, owner, wait) : undefined;
  answer ??= await ring(call, ordered, wait);
  await bookkeeping;
  if (answer) return connect(call, answer.userId, answer.occurredAt);
  if (events.callerHangup()) {
    state.status = 'abandoned';
    return;
  }
  return voicemailOrMissed(call, 'no_answer');
}

/** Writes the call's final record: its outcome, when it ended, its timeline and attempts. */
async function recordEnd(call: CallContext): Promise<void> {
  const { state, events } = call;
  state.ringing = [];
  state.endedAt ??= events.callerHangup()?.occurredAt ?? new Date().toISOString();
  await call.recordProgress({ agentUserId: state.answeredBy, endedAt: state.endedAt, details: { timeline: state.events, attempts: state.attempts } });
}

/** Asks for the watchers' email about a call nobody took. */
async function notifyWatchers(call: CallContext): Promise<void> {
  const { state } = call;
  // A failed call nobody answered is, to the watchers, a call nobody took.
  const failedUnanswered = state.status === 'failed' && !state.answeredBy;
  const kind = failedUnanswered ? (patched(callPatches.notifyFailedCall) ? 'missed_call' : undefined) : notificationKinds[state.status];
  if (!kind) return;
  const voicemail = call.events.first('call.voicemail');
  await databaseSteps.requestNotification({
    orgId: call.inbox.orgId, inboxId: call.inbox.inboxId, subjectId: call.callId, kind,
    payload: { from: state.from, to: state.to, status: state.status, startedAt: state.startedAt, endedAt: state.endedAt, ...(voicemail ? { voicemail } : {}) },
  });
}
