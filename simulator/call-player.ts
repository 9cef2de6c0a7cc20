import { setTimeout as delay } from 'node:timers/promises';
import type { CarrierSimulator, ReceivedCommand } from './carrier-simulator.ts';

/** Switchboard answered a webhook with an error (a wrong secret, a number no inbox owns): nothing to go on with. */
export class RefusedBySwitchboard extends Error {
  constructor(what: string, answer: { status: number; body?: unknown }) {
    const detail = (answer.body as { detail?: string } | undefined)?.detail ?? JSON.stringify(answer.body);
    super(`Switchboard answered ${what} with ${answer.status}: ${detail}`);
  }
}

/** What the people on a call do, as the carrier sees it. */
export interface CallBehaviour {
  /** Agents who decline when they are rung. */
  declinedBy?: string[];
  /** `by` (or else whoever is rung first) answers `afterSec` after the ring reaches them, talks `talkSec`, then hangs up. */
  answer?: { by?: string; afterSec: number; talkSec: number };
  /** The caller gives up this long after dialing, unless someone answered first. */
  callerHangsUpAfterSec?: number;
  /** Offered voicemail, the caller leaves this message; without it the caller hangs up at the greeting. */
  voicemail?: { durationSec: number; transcription?: string; recordingUrl?: string };
}

/** One line of the call's timeline as the carrier sees it: `sent` went to Switchboard, `received` came from it. */
export interface CarrierStep {
  at: Date;
  direction: 'sent' | 'received';
  type: string;
  text: string;
}

export interface CallToPlay {
  callId: string;
  from: string;
  to: string;
  behaviour: CallBehaviour;
  /** When the call starts on its own clock (default: now). Events carry that clock's time in `occurredAt`. */
  startsAt?: Date;
  /** Talk and recording take this share of their length in real time (1: real time; the demo plays faster). */
  pace?: number;
  /** Names to show instead of user ids. */
  names?: Record<string, string>;
  onStep?: (step: CarrierStep) => void;
  /** Gives up waiting for Switchboard after this long (real time). */
  timeoutMs?: number;
}

export interface PlayedCall {
  callId: string;
  /** How it ended for the carrier: who answered, or why it ended without an answer. */
  ending: 'talked' | 'voicemail_left' | 'caller_hung_up' | 'hung_up_by_switchboard' | 'timed_out';
  answeredBy?: string;
  steps: CarrierStep[];
}

/**
 * Plays one inbound call against Switchboard through the simulator: announces it, then reacts to the commands
 * Switchboard sends for it (ring, cancel, voicemail, hang-up) the way `behaviour` says the people would.
 */
export async function playCall(simulator: CarrierSimulator, call: CallToPlay): Promise<PlayedCall> {
  const pace = call.pace ?? 1;
  // The call's clock runs with real time, offset to startsAt; talk and recording move it on by their full length.
  let offsetMs = (call.startsAt?.getTime() ?? Date.now()) - Date.now();
  const stamp = () => new Date(Date.now() + offsetMs);
  const elapse = async (sec: number) => {
    const realMs = Math.round(sec * 1000 * pace);
    await delay(realMs);
    offsetMs += sec * 1000 - realMs;
  };
  const name = (userId: string) => call.names?.[userId] ?? userId;
  const steps: CarrierStep[] = [];
  const step = (direction: CarrierStep['direction'], type: string, text: string, at = stamp()) => {
    const entry = { at, direction, type, text };
    steps.push(entry);
    call.onStep?.(entry);
  };
  const send = async (event: Record<string, unknown>, text: string) => {
    const at = stamp();
    step('sent', String(event.type), text, at);
    const answer = await simulator.sendVoice({ ...event, callId: call.callId, occurredAt: at.toISOString() });
    if (answer.status >= 300) throw new RefusedBySwitchboard(String(event.type), answer);
  };

  let finish: (ending: PlayedCall['ending']) => void = () => {};
  const ended = new Promise<PlayedCall['ending']>((resolve) => (finish = resolve));
  // Whose answer is on its way (cleared if their ring is cancelled first), and whether it was sent.
  let answering: string | undefined;
  let answeredBy: string | undefined;
  let over = false;
  const end = (ending: PlayedCall['ending']) => {
    over = true;
    finish(ending);
  };
  const failures: unknown[] = [];
  const act = (work: () => Promise<void>) => void work().catch((error: unknown) => {
    failures.push(error);
    end('timed_out');
  });

  const react = (command: ReceivedCommand) => {
    if (command.callId !== call.callId || command.status >= 300 || over) return;
    const body = command.body as { command: string; targets?: { userId: string }[]; userIds?: string[]; timeoutSec?: number; greeting?: string; reason?: string };
    switch (body.command) {
      case 'ring': {
        const targets = body.targets!.map((t) => t.userId);
        step('received', 'ring', `ring ${targets.map(name).join(', ')} for ${body.timeoutSec} s`);
        for (const userId of targets) {
          if (call.behaviour.declinedBy?.includes(userId)) act(async () => {
            await delay(Math.round(700 * Math.min(1, pace * 4)));
            if (!over && !answeredBy) await send({ type: 'call.declined', userId }, `${name(userId)} declines`);
          });
        }
        const answer = call.behaviour.answer;
        const answerer = answer && targets.find((id) => (answer.by ? id === answer.by : !call.behaviour.declinedBy?.includes(id)));
        if (answer && answerer && !answering && !answeredBy) {
          answering = answerer;
          act(async () => {
            await delay(answer.afterSec * 1000);
            if (over || answering !== answerer) return;
            answeredBy = answerer;
            await send({ type: 'call.answered', userId: answerer }, `${name(answerer)} answers`);
            await elapse(answer.talkSec);
            if (over) return;
            await send({ type: 'call.hangup', party: 'agent' }, `${name(answerer)} hangs up after ${formatDuration(answer.talkSec)}`);
            end('talked');
          });
        }
        return;
      }
      case 'cancel_ring':
        step('received', 'cancel_ring', `stop ringing ${body.userIds!.map(name).join(', ')}`);
        if (!answeredBy && answering && body.userIds!.includes(answering)) answering = undefined;
        return;
      case 'voicemail': {
        step('received', 'voicemail', `play the greeting "${body.greeting}" and record`);
        const message = call.behaviour.voicemail;
        act(async () => {
          await delay(Math.round(1000 * Math.min(1, pace * 4)));
          if (!message) {
            await send({ type: 'call.hangup', party: 'caller' }, 'the caller hangs up at the greeting');
            return end('caller_hung_up');
          }
          await elapse(message.durationSec);
          const recordingUrl = message.recordingUrl ?? `https://recordings.example/${call.callId}.mp3`;
          await send({ type: 'call.voicemail', recordingUrl, durationSec: message.durationSec, transcription: message.transcription },
            `voicemail of ${formatDuration(message.durationSec)}${message.transcription ? `: "${message.transcription}"` : ''}`);
          end('voicemail_left');
        });
        return;
      }
      case 'hangup':
        step('received', 'hangup', `hang up (${body.reason})`);
        end('hung_up_by_switchboard');
        return;
    }
  };

  const stopListening = simulator.onCommand(react);
  try {
    await send({ type: 'call.initiated', from: call.from, to: call.to }, `call from ${call.from} to ${call.to}`);
    const giveUp = call.behaviour.callerHangsUpAfterSec;
    if (giveUp !== undefined) act(async () => {
      await delay(giveUp * 1000);
      if (over || answeredBy) return;
      await send({ type: 'call.hangup', party: 'caller' }, `the caller hangs up after ${formatDuration(giveUp)}`);
      end('caller_hung_up');
    });
    // Unreferenced, so a finished player never holds the process open.
    const timeout = delay(call.timeoutMs ?? 10 * 60_000, 'timed_out' as const, { ref: false });
    const ending = await Promise.race([ended, timeout]);
    if (failures.length) throw failures[0];
    return { callId: call.callId, ending, answeredBy, steps };
  } finally {
    over = true;
    stopListening();
  }
}

export function formatDuration(sec: number): string {
  const m = Math.floor(sec / 60);
  const s = Math.round(sec % 60);
  return m ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
}
