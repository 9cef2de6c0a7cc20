import { ActivityFailure, ApplicationFailure, condition, proxyActivities, proxyLocalActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { CallCommand } from '../../activities/carrier-client.ts';
import type { createCallActivities, RoutedCall } from '../../activities/calls.ts';
import type { createNotificationRequestActivities } from '../../activities/notification-requests.ts';
import { voiceEventKey, type VoiceEvent } from '../../domain/calls/voice-events.ts';
import { isOpenAt } from '../../domain/policies/business-hours.ts';
import type { RoutingPolicy } from '../../domain/policies/routing.ts';
import { orderAgents, ringGroups } from '../../domain/routing/order-agents.ts';
import { policyChangedSignal } from '../policy-changed.ts';
import { inboxIdAttribute, orgIdAttribute } from '../search-attributes.ts';
import { CallEvents } from './events.ts';
import { callStateQuery, initialCallState, voiceEventSignal, type CallState } from './state.ts';

type CallActivities = ReturnType<typeof createCallActivities> & ReturnType<typeof createNotificationRequestActivities>;
const retry = { initialInterval: '250 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds', maximumAttempts: 10 } as const;
// Short database steps run as local activities, in the worker, without a round trip through the Temporal
// server: the time from webhook to first ring depends on it.
const local = proxyLocalActivities<CallActivities>({ startToCloseTimeout: '10 seconds', retry });
// Carrier commands leave the process and may be slow: ordinary activities, retried with backoff.
const remote = proxyActivities<CallActivities>({ startToCloseTimeout: '10 seconds', retry });

// Events for a call the carrier never announces are dropped after this long.
const ORPHAN_WAIT = '1 hour';
// Carriers reorder: before concluding from a hang-up, give an earlier answer or voicemail this long to arrive.
const REORDER_GRACE_MS = 2000;
const VOICEMAIL_SLACK_SEC = 60;

export async function callWorkflow(input: { callId: string }): Promise<CallState> {
  const state = initialCallState(input.callId);
  const events = new CallEvents();
  const seen = new Set<string>();
  const now = () => new Date().toISOString();
  const note = (type: string, detail?: Record<string, unknown>, at = now()) => void state.events.push({ at, type, ...(detail ? { detail } : {}) });
  let routing: RoutingPolicy | undefined;
  let routingVersion = -1;

  setHandler(callStateQuery, () => state);
  setHandler(voiceEventSignal, (event: VoiceEvent) => {
    const key = voiceEventKey(event);
    if (seen.has(key)) return;
    seen.add(key);
    events.list.push(event);
    const { type, callId: _callId, occurredAt, ...detail } = event;
    note(type, detail, occurredAt);
  });
  setHandler(policyChangedSignal, (change) => {
    if (change.name !== 'routing' || change.version <= routingVersion) return;
    routing = change.document as RoutingPolicy;
    routingVersion = change.version;
    note('policy.changed', { policy: 'routing', version: change.version });
  });

  if (!(await condition(() => !!events.first('call.initiated'), ORPHAN_WAIT))) return state;
  const initiated = events.first('call.initiated')!;
  Object.assign(state, { from: initiated.from, to: initiated.to, startedAt: initiated.occurredAt });

  const routed = await local.routeCall({ callId: input.callId, from: initiated.from, to: initiated.to, occurredAt: initiated.occurredAt });
  if (!routed) {
    state.status = 'failed';
    note('routing.failed', { reason: `no inbox owns ${initiated.to}` });
    return state;
  }
  Object.assign(state, { orgId: routed.orgId, inboxId: routed.inboxId });
  upsertSearchAttributes({ [orgIdAttribute.name]: [routed.orgId], [inboxIdAttribute.name]: [routed.inboxId] });
  if (routed.routingVersion > routingVersion) [routing, routingVersion] = [routed.routing, routed.routingVersion];
  const policy = () => routing!;
  const progress = (extra: Partial<Parameters<CallActivities['recordCallProgress']>[0]> = {}) =>
    local.recordCallProgress({ orgId: routed.orgId, callId: input.callId, status: state.status, ...extra });
  const command = async (key: string, body: CallCommand) => {
    note(`command.${body.command}`, { ...body });
    await remote.sendCallCommand({ callId: input.callId, idempotencyKey: `${input.callId}:${key}`, command: body });
  };

  try {
    await handleCall(routed);
  } catch (error) {
    const rejected = error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.nonRetryable;
    if (!rejected) throw error;
    state.status = 'failed';
    note('carrier.failed', { reason: error.cause.message });
  }
  state.ringing = [];
  state.endedAt ??= events.callerHangup()?.occurredAt ?? now();
  await progress({ agentUserId: state.answeredBy, endedAt: state.endedAt, details: { timeline: state.events, attempts: state.attempts } });
  const kind = ({ missed: 'missed_call', abandoned: 'abandoned_call', voicemail_left: 'voicemail' } as const)[state.status as 'missed'];
  if (kind) {
    const voicemail = events.first('call.voicemail');
    await local.requestNotification({
      orgId: routed.orgId, inboxId: routed.inboxId, subjectId: input.callId, kind,
      payload: { from: state.from, to: state.to, status: state.status, startedAt: state.startedAt, endedAt: state.endedAt, ...(voicemail ? { voicemail } : {}) },
    });
  }
  return state;

  async function handleCall(call: RoutedCall): Promise<void> {
    if (!isOpenAt(policy().businessHours, call.timezone, new Date(initiated.occurredAt))) {
      note('closed', { afterHours: policy().afterHours });
      return policy().afterHours === 'voicemail' ? voicemailOrMissed('after_hours') : hangUpMissed('after_hours');
    }
    const ordered = orderAgents(policy().strategy, call.candidates, call.lastFirstRung);
    if (ordered.length === 0) {
      note('no_agent_available');
      return voicemailOrMissed('no_agent_available');
    }
    state.status = 'ringing';
    // Bookkeeping runs alongside the first ring rather than before it.
    const bookkeeping = Promise.all([local.rememberFirstRung({ inboxId: call.inboxId, userId: ordered[0]! }), progress()]);
    const answer = await ring(call, ordered);
    await bookkeeping;
    if (answer) return connect(answer.userId, answer.occurredAt);
    if (events.callerHangup()) {
      state.status = 'abandoned';
      return;
    }
    return voicemailOrMissed('no_answer');
  }

  /** Rings in attempts until someone answers, the caller hangs up, or the maximum wait runs out. */
  async function ring(call: RoutedCall, ordered: string[]) {
    const rung = new Set<string>();
    const started = Date.now();
    const deadline = () => started + policy().maxWaitSec * 1000;
    const settled = () => events.answer(rung) ?? events.callerHangup();
    while (Date.now() < deadline() && !settled()) {
      // Whoever declined is not rung again on this call; when everyone has, ringing is over.
      const willing = ordered.filter((id) => !events.declined(id));
      if (willing.length === 0) return undefined;
      for (const group of ringGroups(policy().strategy, willing)) {
        if (settled() || Date.now() >= deadline()) break;
        state.attempts += 1;
        state.ringing = group;
        group.forEach((userId) => rung.add(userId));
        const attemptStart = Date.now();
        const sinceIndex = events.list.length;
        const timeoutSec = Math.max(1, Math.ceil(Math.min(policy().ringTimeoutSec * 1000, deadline() - attemptStart) / 1000));
        await command(`ring:${state.attempts}`, { command: 'ring', targets: group.map((id) => call.targets[id]!), timeoutSec });
        // Wait out the attempt; a policy change wakes the wait so new limits apply at once.
        for (;;) {
          const left = Math.min(attemptStart + policy().ringTimeoutSec * 1000, deadline()) - Date.now();
          const version = routingVersion;
          if (left <= 0 || !(await condition(() => !!settled() || events.declinedAll(group, sinceIndex) || routingVersion !== version, left))) break;
          if (routingVersion === version) break;
        }
        if (events.callerHangup() && !events.answer(rung)) await condition(() => !!events.answer(rung), REORDER_GRACE_MS);
        const answer = events.answer(rung);
        const stillRinging = group.filter((id) => id !== answer?.userId && !events.declined(id, sinceIndex));
        if (stillRinging.length && !events.callerHangup()) await command(`cancel:${state.attempts}`, { command: 'cancel_ring', userIds: stillRinging });
        state.ringing = [];
        if (answer) return answer;
      }
    }
    return undefined;
  }

  async function connect(userId: string, answeredAt: string): Promise<void> {
    Object.assign(state, { status: 'connected', answeredBy: userId, answeredAt });
    await progress({ agentUserId: userId, answeredAt, ...(routed!.manualMarkReadOnly ? {} : { markConversationReadBy: userId }) });
    const cancelled = new Set([userId]);
    const extraAnswers = () => events.list.filter((e) => e.type === 'call.answered' && !cancelled.has(e.userId)).map((e) => (e as { userId: string }).userId);
    const ended = () => events.first('call.hangup');
    for (;;) {
      await condition(() => !!ended() || extraAnswers().length > 0);
      // Two agents answered together: the first keeps the call, the other leg is cancelled.
      const extra = extraAnswers();
      extra.forEach((id) => cancelled.add(id));
      if (extra.length) await command(`cancel-extra:${[...cancelled].join(',')}`, { command: 'cancel_ring', userIds: extra });
      if (ended()) break;
    }
    Object.assign(state, { status: 'completed', endedAt: ended()!.occurredAt });
  }

  async function voicemailOrMissed(reason: string): Promise<void> {
    if (!policy().voicemail.enabled) return hangUpMissed(reason);
    if (events.callerHangup()) {
      state.status = 'abandoned';
      return;
    }
    state.status = 'voicemail';
    await progress();
    const { greeting, maxLengthSec } = policy().voicemail;
    await command('voicemail', { command: 'voicemail', greeting, maxLengthSec });
    const left = () => events.first('call.voicemail');
    await condition(() => !!left() || !!events.callerHangup(), (maxLengthSec + VOICEMAIL_SLACK_SEC) * 1000);
    if (!left() && events.callerHangup()) await condition(() => !!left(), REORDER_GRACE_MS);
    const voicemail = left();
    if (!voicemail) return hangUpMissed('no_voicemail_left');
    await local.recordVoicemail({ orgId: routed!.orgId, callId: input.callId, recordingUrl: voicemail.recordingUrl, durationSec: voicemail.durationSec, transcription: voicemail.transcription, occurredAt: voicemail.occurredAt });
    state.status = 'voicemail_left';
  }

  async function hangUpMissed(reason: string): Promise<void> {
    if (!events.callerHangup()) await command('hangup', { command: 'hangup', reason });
    state.status = 'missed';
  }
}
