import { randomBytes } from 'node:crypto';
import type { CallStatus } from '../domain/calls/voice-events.ts';
import { formatDuration, playCall, RefusedBySwitchboard } from '../simulator/call-player.ts';
import { SMS, type CarrierSimulator } from '../simulator/carrier-simulator.ts';
import { followCall } from '../simulator/follow-call.ts';
import type { ApiClient } from './api-client.ts';
import { conversationOfMessage, reply } from './conversations.ts';
import { callers, day, inboxes, instantOf, people, type Agent, type InboxName, type Person, type ScriptedCall, type ScriptedItem, type ScriptedText } from './day-script.ts';
import type { SeededOrg } from './seed.ts';

// Talk and recordings pass 200 times faster than real time; ringing, which the engine times, is real.
const PACE = 1 / 200;

/** One scripted moment of the day, ready to play; `update` shows what is happening now. */
export interface Step {
  title: string;
  run(update: (line: string) => void): Promise<string>;
}

/** Steps that must run one after another (one inbox's phone line), beside other lanes. */
export interface Lane {
  title: string;
  steps: Step[];
}

export interface PlayedItem {
  item: ScriptedItem;
  /** A call's final status, or `received` for a text. */
  outcome: CallStatus | 'received';
  replied?: boolean;
}

/** The scripted day as lanes: each inbox's calls in order (an agent on a call is not rung), and the texts. */
export function dayLanes(world: { apiUrl: string; api: ApiClient; simulator: CarrierSimulator; org: SeededOrg; playedDay: string }, played: PlayedItem[]): Lane[] {
  const names = Object.fromEntries((Object.keys(people) as Person[]).map((p) => [world.org.userIds[p], people[p].name.split(' ')[0]!]));
  const runId = randomBytes(3).toString('hex');
  const title = (item: ScriptedItem) =>
    `${item.at}  ${inboxes[item.inbox].name.padEnd(7)} ${item.kind === 'call' ? 'call' : 'text'} from ${callerName(item.caller)}: ${item.story}`;
  // Lanes run side by side: each line says which moment of the day it belongs to.
  const tagged = (item: ScriptedItem, update: (line: string) => void) => (line: string) => update(`${item.at} ${inboxes[item.inbox].name}: ${line}`);
  const callStep = (item: ScriptedCall, n: number): Step => ({
    title: title(item),
    async run(untagged) {
      const update = tagged(item, untagged);
      const callId = `DEMO-${runId}-${n}`;
      const following = followCall({ url: world.apiUrl, key: world.org.adminKey, callId, onStatus: (status) => update(`Switchboard: ${status.replaceAll('_', ' ')}`) });
      const { behaviour } = item;
      await playCall(world.simulator, {
        callId, from: callers[item.caller]!, to: world.org.numbers[item.inbox], startsAt: instantOf(world.playedDay, item.at), pace: PACE, names,
        behaviour: {
          ...behaviour,
          answer: behaviour.answer && { ...behaviour.answer, by: behaviour.answer.by && world.org.userIds[behaviour.answer.by] },
          declinedBy: behaviour.declinedBy?.map((agent) => world.org.userIds[agent]),
        },
        onStep: (step) => update(`carrier ${step.direction === 'sent' ? '→' : '←'} ${step.text}`),
      });
      const call = await following;
      played.push({ item, outcome: call.status });
      const talk = call.answeredAt && call.endedAt ? `, talked ${formatDuration((Date.parse(call.endedAt) - Date.parse(call.answeredAt)) / 1000)}` : '';
      const by = call.answeredBy ? ` (${names[call.answeredBy]} answered${talk})` : '';
      return `${title(item)} → ${call.status.replaceAll('_', ' ')}${by}${call.status === item.expect ? '' : ` (scripted: ${item.expect})`}`;
    },
  });
  const textStep = (item: ScriptedText, n: number): Step => ({
    title: title(item),
    async run(untagged) {
      const update = tagged(item, untagged);
      const messageId = `DEMO-${runId}-sms-${n}`;
      const from = callers[item.caller]!;
      const sent = await world.simulator.sendMessaging({
        type: 'message.received', messageId, from, to: world.org.numbers[item.inbox], body: item.body, occurredAt: instantOf(world.playedDay, item.at).toISOString(),
      });
      if (sent.status !== 202) throw new RefusedBySwitchboard('message.received', sent);
      update(`carrier → "${item.body}"`);
      const conversationId = await conversationOfMessage(world.api, world.org.inboxIds[item.inbox], messageId);
      update('Switchboard: threaded into its conversation, unread');
      let outcome = 'received';
      if (item.expectAutoReply) {
        const auto = await world.simulator.nextCommand(SMS, 'sms', (c) => c.body.to === from);
        outcome = `automatic reply "${String(auto.body.body).slice(0, 40)}…"`;
      }
      if (item.reply) {
        const agent = world.api.as(world.org.agentKeys[item.reply.by as Agent]);
        const answer = await reply(agent, conversationId, item.reply.body, `demo-reply-${messageId}`);
        outcome = `${people[item.reply.by].name.split(' ')[0]} replies (${answer.status}): "${item.reply.body}"`;
      }
      played.push({ item, outcome: 'received', replied: !!item.reply });
      return `${title(item)} → ${outcome}`;
    },
  });
  const lane = (laneTitle: string, pick: (item: ScriptedItem) => boolean): Lane => ({
    title: laneTitle,
    steps: day.flatMap((item, n) => (!pick(item) ? [] : [item.kind === 'call' ? callStep(item, n) : textStep(item, n)])),
  });
  const callsOf = (inbox: InboxName) => (item: ScriptedItem) => item.kind === 'call' && item.inbox === inbox;
  return [
    lane(`${inboxes.sales.name} phone line`, callsOf('sales')),
    lane(`${inboxes.support.name} phone line`, callsOf('support')),
    lane('Texts', (item) => item.kind === 'text'),
  ];
}

const callerName = (handle: string) => handle[0]!.toUpperCase() + handle.slice(1);
