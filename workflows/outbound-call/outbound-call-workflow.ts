import { ActivityFailure, condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { outboundCallEventKey } from '../../domain/calls/event-keys.ts';
import type { OutboundCallEvent } from '../../domain/calls/outbound-call-events.ts';
import { REORDER_GRACE_MS } from '../call/call-context.ts';
import { initialCallState, type CallState } from '../call/state.ts';
import { inboxIdAttribute, orgIdAttribute } from '../search-attributes.ts';
import { carrierCommands, databaseSteps } from './activities.ts';
import type { OutboundCallInput } from './contract.ts';
import { outboundCallEventSignal, outboundCallStateQuery } from './state.ts';

// A connected call whose hang-up never arrives stops holding the agent after this long.
const LONGEST_CALL = '12 hours';

/**
 * Click to call: asks the carrier to ring the agent and dial the contact from the chosen number, then follows
 * the carrier's events to completed, no_answer or failed. The agent counts as on a call from the start.
 */
export async function outboundCallWorkflow(input: OutboundCallInput): Promise<CallState> {
  const state: CallState = {
    ...initialCallState(input.callId), orgId: input.orgId, inboxId: input.inboxId, from: input.from, to: input.to,
    status: 'dialing', attempts: 1, startedAt: input.requestedAt,
  };
  const note = (type: string, detail?: Record<string, unknown>, at = new Date().toISOString()) => state.events.push({ at, type, ...(detail ? { detail } : {}) });
  const events: OutboundCallEvent[] = [];
  const seen = new Set<string>();
  setHandler(outboundCallStateQuery, () => state);
  setHandler(outboundCallEventSignal, (event) => {
    if (seen.has(outboundCallEventKey(event))) return;
    seen.add(outboundCallEventKey(event));
    events.push(event);
    note(event.type, { party: event.party }, event.occurredAt);
  });
  const answered = () => events.find((e) => e.type === 'call.answered');
  const hungUp = () => events.find((e) => e.type === 'call.hangup');
  upsertSearchAttributes({ [orgIdAttribute.name]: [input.orgId], [inboxIdAttribute.name]: [input.inboxId] });

  await databaseSteps.recordOutboundCall(input);
  const record = (extra: { answeredAt?: string; endedAt?: string; details?: Record<string, unknown>; markConversationReadBy?: string } = {}) =>
    databaseSteps.recordCallProgress({ orgId: input.orgId, callId: input.callId, status: state.status, agentUserId: input.agent.userId, ...extra });

  try {
    note('command.dial', { from: input.from, to: input.to, agent: input.agent });
    await carrierCommands.placeOutboundCall({ callId: input.callId, from: input.from, to: input.to, agent: input.agent, idempotencyKey: `${input.callId}:dial` });
  } catch (error) {
    // A refusal (4xx), or the carrier down through every retry: the call never started.
    if (!(error instanceof ActivityFailure)) throw error;
    state.status = 'failed';
    note('carrier.failed', { reason: error.cause?.message ?? error.message });
  }

  if (state.status === 'dialing') {
    if (!(await condition(() => !!answered() || !!hungUp(), input.noAnswerAfterSec * 1000))) {
      state.status = 'no_answer';
      note('no_answer', { afterSec: input.noAnswerAfterSec });
      await hangUp(input.callId, note);
    } else {
      // Carriers reorder: a hang-up may overtake the answer that came before it.
      if (!answered()) await condition(() => !!answered(), REORDER_GRACE_MS);
      const answer = answered();
      const end = hungUp();
      if (answer && (!end || Date.parse(answer.occurredAt) <= Date.parse(end.occurredAt))) {
        Object.assign(state, { status: 'connected', answeredBy: input.agent.userId, answeredAt: answer.occurredAt });
        await record({ answeredAt: answer.occurredAt, ...(input.manualMarkReadOnly ? {} : { markConversationReadBy: input.agent.userId }) });
        if (!(await condition(() => !!hungUp(), LONGEST_CALL))) note('hangup.missing');
        state.status = 'completed';
      } else {
        state.status = 'no_answer';
      }
      state.endedAt = hungUp()?.occurredAt ?? null;
    }
  }
  state.endedAt ??= new Date().toISOString();
  await record({ endedAt: state.endedAt, ...(state.answeredAt ? { answeredAt: state.answeredAt } : {}), details: { timeline: state.events, attempts: 1 } });
  return state;
}

/** Ends a call nobody picked up; a carrier that refuses the hang-up has nothing left to end. */
async function hangUp(callId: string, note: (type: string, detail?: Record<string, unknown>) => void): Promise<void> {
  const command = { command: 'hangup' as const, reason: 'no_answer' };
  note('command.hangup', { ...command });
  try {
    await carrierCommands.sendCallCommand({ callId, idempotencyKey: `${callId}:hangup`, command });
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    note('carrier.failed', { reason: error.cause?.message ?? error.message });
  }
}
