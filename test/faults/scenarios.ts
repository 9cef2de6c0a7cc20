import { setTimeout as delay } from 'node:timers/promises';
import type { CallStatus } from '../../domain/calls/voice-events.ts';
import type { EmailKind } from '../../db/schema/index.ts';
import type { CarrierSimulator, ReceivedCommand } from '../helpers/carrier-simulator.ts';
import type { Line, LineKind } from './lines.ts';

/** One call as the carrier and the people on it play it. */
export interface CallPlay {
  carrier: CarrierSimulator;
  callId: string;
  line: Line;
  /** Index in carrier.commands before the call began: only later commands are this call's. */
  since: number;
  ringTimeoutSec: number;
  /** The caller gives up waiting for the next step after this long. */
  patienceMs: number;
}

export interface Scenario {
  name: string;
  line: LineKind;
  expected: CallStatus;
  play(call: CallPlay): Promise<void>;
}

/** The watcher's email each final status should bring (none for an answered call). */
export const notificationKind: Partial<Record<CallStatus, EmailKind>> = { missed: 'missed_call', abandoned: 'abandoned_call', voicemail_left: 'voicemail' };

const ANSWER_AFTER_MS = 1500;
const TALK_MS = 2000;
const targets = (c: ReceivedCommand) => (c.body.targets as { userId: string }[] | undefined)?.map((t) => t.userId) ?? [];
const later = (ms = 0) => new Date(Date.now() + ms).toISOString();

/**
 * The next accepted command of one of these kinds for this call, or undefined once the caller's patience
 * runs out. Leaves the other kinds' waiters behind: they resolve harmlessly later or never.
 */
async function next(call: CallPlay, kinds: string[], where: (c: ReceivedCommand) => boolean = () => true, after = call.since): Promise<ReceivedCommand | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const patience = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), call.patienceMs)));
  const found = await Promise.race([patience, ...kinds.map((kind) => call.carrier.nextCommand(call.callId, kind, where, after))]);
  clearTimeout(timer);
  return found;
}

const indexOf = (call: CallPlay, command: ReceivedCommand) => call.carrier.commands.indexOf(command) + 1;
const say = (call: CallPlay, event: Record<string, unknown>) => call.carrier.sendVoice({ callId: call.callId, ...event });
const hangUp = (call: CallPlay, party: 'caller' | 'agent' = 'caller') => say(call, { type: 'call.hangup', party, occurredAt: later() });

/**
 * Resolves true once this agent's phone has rung for `ms` without the carrier stopping it (cancel_ring for
 * them, voicemail or hang-up), which is when a person answers or declines; a ring stopped sooner makes them
 * wait for the next ring that reaches them. False when the call moved on without them.
 */
async function rangFor(call: CallPlay, userId: string, ms: number): Promise<boolean> {
  let after = call.since;
  for (let ring = 0; ring < 10; ring++) {
    const rang = await next(call, ['ring', 'voicemail', 'hangup'], (c) => c.body.command !== 'ring' || targets(c).includes(userId), after);
    if (!rang || rang.body.command !== 'ring') return false;
    await delay(ms);
    const stopped = call.carrier.commands.slice(indexOf(call, rang)).find((c) => c.callId === call.callId && c.status < 300 &&
      ((c.body.command === 'cancel_ring' && (c.body.userIds as string[]).includes(userId)) || c.body.command === 'voicemail' || c.body.command === 'hangup'));
    if (!stopped) return true;
    if (stopped.body.command !== 'cancel_ring') return false;
    after = indexOf(call, stopped);
  }
  return false;
}

async function answers(call: CallPlay, userId: string): Promise<boolean> {
  if (!(await rangFor(call, userId, ANSWER_AFTER_MS))) return false;
  await say(call, { type: 'call.answered', userId, occurredAt: later() });
  return true;
}

async function talkThenHangUp(call: CallPlay, party: 'caller' | 'agent') {
  await delay(TALK_MS);
  await hangUp(call, party);
}

async function leaveVoicemail(call: CallPlay): Promise<void> {
  if (!(await next(call, ['voicemail']))) return void (await hangUp(call));
  await delay(ANSWER_AFTER_MS);
  await say(call, { type: 'call.voicemail', recordingUrl: `https://carrier.test/recordings/${call.callId}.mp3`, durationSec: 4, transcription: 'Please call me back', occurredAt: later() });
  await delay(500);
  await hangUp(call);
}

export const scenarios: Scenario[] = [
  {
    name: 'answered', line: 'open', expected: 'completed',
    async play(call) {
      if (await answers(call, call.line.agents[0]!)) await talkThenHangUp(call, 'caller');
      else await hangUp(call);
    },
  },
  {
    name: 'declined, then answered', line: 'open', expected: 'completed',
    async play(call) {
      if (!(await rangFor(call, call.line.agents[0]!, ANSWER_AFTER_MS / 2))) return void (await hangUp(call));
      await say(call, { type: 'call.declined', userId: call.line.agents[0], occurredAt: later() });
      if (await answers(call, call.line.agents[1]!)) await talkThenHangUp(call, 'agent');
      else await hangUp(call);
    },
  },
  {
    // The agent picks up just as the ring times out: the answer reaches us while cancel_ring is in flight
    // (the carrier answers it slowly), so the carrier connects the call.
    name: 'answered as the ring times out', line: 'open', expected: 'completed',
    async play(call) {
      const agent = call.line.agents[0]!;
      const ring = await next(call, ['ring'], (c) => targets(c).includes(agent));
      if (!ring) return void (await hangUp(call));
      const cancel = await Promise.race([
        call.carrier.received(call.callId, 'cancel_ring'),
        delay((call.ringTimeoutSec + 5) * 1000).then(() => undefined),
      ]);
      await delay(cancel ? 300 : 0);
      await say(call, { type: 'call.answered', userId: agent, occurredAt: later() });
      await talkThenHangUp(call, 'caller');
    },
  },
  { name: 'no answer, voicemail left', line: 'open', expected: 'voicemail_left', play: leaveVoicemail },
  {
    name: 'no answer, caller hangs up at the greeting', line: 'open', expected: 'missed',
    async play(call) {
      if (await next(call, ['voicemail'])) await delay(ANSWER_AFTER_MS);
      await hangUp(call);
    },
  },
  {
    name: 'caller hangs up while ringing', line: 'open', expected: 'abandoned',
    async play(call) {
      if (await next(call, ['ring'])) await delay(ANSWER_AFTER_MS);
      await hangUp(call);
    },
  },
  { name: 'after hours, voicemail left', line: 'closed_voicemail', expected: 'voicemail_left', play: leaveVoicemail },
  {
    name: 'after hours, hung up on', line: 'closed_hangup', expected: 'missed',
    async play(call) {
      // The carrier reports the end of the call it was told to hang up (the caller's patience, if it never was).
      await next(call, ['hangup']);
      await hangUp(call);
    },
  },
];

// Out of every 20 calls, this many play each scenario (in the order above): all show up even in a small run.
const weights = [6, 3, 1, 3, 2, 2, 2, 1];
const mix = scenarios.flatMap((scenario, i) => Array.from({ length: weights[i]! }, () => scenario));

export function scenarioFor(index: number): Scenario {
  // Interleaved rather than in blocks, so every fault meets every kind of call.
  return mix[(index * 7) % mix.length]!;
}
