/**
 * The daily activity figures of one inbox for one local day, computed from that day's calls and messages.
 * Pure: the database loads the rows, this decides what they add up to.
 */

export interface ReportCall {
  occurredAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  status: string;
  agentUserId: string | null;
  /** Our number on the call: the one dialed. */
  line?: string;
}

export interface ReportMessage {
  occurredAt: Date;
  direction: 'inbound' | 'outbound';
  conversationId: string;
  /** Outbound: who sent it (null for an automatic reply). */
  agentUserId: string | null;
  /** Inbound: when an agent first replied in the conversation at or after this message, if yet. */
  repliedAt?: Date | null;
  /** Our number on the message: the one texted inbound, the one sent from outbound. */
  line?: string;
}

/** One line's share of the day: its calls and messages. */
export interface NumberFigures {
  e164: string;
  calls: { inbound: number; answered: number; missed: number; abandoned: number; voicemails: number; answerRate: number | null };
  messages: { inbound: number; outbound: number };
}

export interface HourSlot {
  start: Date;
  label: string;
}

export interface DailyFigures {
  date: string;
  timezone: string;
  periodStart: string;
  periodEnd: string;
  calls: {
    inbound: number;
    answered: number;
    missed: number;
    abandoned: number;
    voicemails: number;
    /** answered / inbound, 0–1; null without calls. */
    answerRate: number | null;
    timeToAnswer: { medianSec: number | null; p90Sec: number | null };
    talkTime: { totalSec: number; averageSec: number | null };
  };
  /** Calls the inbox's users placed from its numbers (click to call). */
  outboundCalls: { placed: number; connected: number; noAnswer: number; failed: number; talkTimeSec: number };
  messages: {
    inbound: number;
    outbound: number;
    /** From the first unanswered inbound message of a conversation to an agent's reply. */
    firstResponse: { medianSec: number | null; replied: number; awaitingReply: number };
  };
  unreadAtEndOfDay: number;
  agents: { userId: string; name: string; callsAnswered: number; talkTimeSec: number; messagesSent: number }[];
  /** The inbox's numbers, then any other line the day's calls and messages used (a number since released). */
  byNumber: NumberFigures[];
  busiestHour: { start: string; label: string; calls: number; messages: number } | null;
  hourly: { start: string; label: string; calls: number; messages: number }[];
}

export interface FiguresInput {
  date: string;
  timezone: string;
  period: { start: Date; end: Date };
  hours: HourSlot[];
  /** Inbound calls. */
  calls: ReportCall[];
  outboundCalls: ReportCall[];
  messages: ReportMessage[];
  unreadAtEndOfDay: number;
  /** Everyone who should appear in the agent table even with nothing to show (the inbox's connected users). */
  agents: { userId: string; name: string }[];
  /** Names of anyone else who handled something that day. */
  names: Record<string, string>;
  /** Numbers that appear in byNumber even with nothing to show (the inbox's numbers, in order). */
  numbers?: string[];
}

export function computeDailyFigures(input: FiguresInput): DailyFigures {
  const { calls, messages } = input;
  const answered = calls.filter((call) => call.answeredAt);
  const talked = answered.filter((call) => call.endedAt).map((call) => ({ call, seconds: seconds(call.answeredAt!, call.endedAt!) }));
  const talkTotal = sum(talked.map((t) => t.seconds));
  const waits = answered.map((call) => seconds(call.occurredAt, call.answeredAt!));
  const inbound = messages.filter((m) => m.direction === 'inbound');
  const outbound = messages.filter((m) => m.direction === 'outbound');
  const responses = firstResponseTimes(inbound);

  const agents = new Map(input.agents.map((a) => [a.userId, { ...a, callsAnswered: 0, talkTimeSec: 0, messagesSent: 0 }]));
  const agent = (userId: string) => {
    if (!agents.has(userId)) agents.set(userId, { userId, name: input.names[userId] ?? userId, callsAnswered: 0, talkTimeSec: 0, messagesSent: 0 });
    return agents.get(userId)!;
  };
  for (const call of answered) if (call.agentUserId) agent(call.agentUserId).callsAnswered++;
  for (const { call, seconds: s } of talked) if (call.agentUserId) agent(call.agentUserId).talkTimeSec += s;
  for (const message of outbound) if (message.agentUserId) agent(message.agentUserId).messagesSent++;

  const hourly = input.hours.map((slot, i) => {
    const end = input.hours[i + 1]?.start ?? input.period.end;
    const within = (at: Date) => at >= slot.start && at < end;
    return { start: slot.start.toISOString(), label: slot.label, calls: calls.filter((c) => within(c.occurredAt)).length, messages: messages.filter((m) => within(m.occurredAt)).length };
  });
  const busiest = hourly.reduce<(typeof hourly)[number] | null>((best, hour) => (hour.calls + hour.messages > (best ? best.calls + best.messages : 0) ? hour : best), null);

  return {
    date: input.date,
    timezone: input.timezone,
    periodStart: input.period.start.toISOString(),
    periodEnd: input.period.end.toISOString(),
    calls: {
      inbound: calls.length,
      answered: answered.length,
      missed: calls.filter((c) => c.status === 'missed').length,
      abandoned: calls.filter((c) => c.status === 'abandoned').length,
      voicemails: calls.filter((c) => c.status === 'voicemail_left').length,
      answerRate: calls.length ? round(answered.length / calls.length, 3) : null,
      timeToAnswer: { medianSec: percentile(waits, 0.5), p90Sec: percentile(waits, 0.9) },
      talkTime: { totalSec: round(talkTotal, 1), averageSec: talked.length ? round(talkTotal / talked.length, 1) : null },
    },
    outboundCalls: {
      placed: input.outboundCalls.length,
      connected: input.outboundCalls.filter((c) => c.answeredAt).length,
      noAnswer: input.outboundCalls.filter((c) => c.status === 'no_answer').length,
      failed: input.outboundCalls.filter((c) => c.status === 'failed').length,
      talkTimeSec: round(sum(input.outboundCalls.filter((c) => c.answeredAt && c.endedAt).map((c) => seconds(c.answeredAt!, c.endedAt!))), 1),
    },
    messages: {
      inbound: inbound.length,
      outbound: outbound.length,
      firstResponse: { medianSec: percentile(responses, 0.5), replied: responses.length, awaitingReply: inbound.filter((m) => !m.repliedAt).length },
    },
    unreadAtEndOfDay: input.unreadAtEndOfDay,
    agents: [...agents.values()].map((a) => ({ ...a, talkTimeSec: round(a.talkTimeSec, 1) }))
      .sort((a, b) => b.callsAnswered - a.callsAnswered || b.messagesSent - a.messagesSent || a.name.localeCompare(b.name)),
    byNumber: figuresByNumber(input),
    busiestHour: busiest,
    hourly,
  };
}

function figuresByNumber(input: FiguresInput): NumberFigures[] {
  const seen = [...input.calls, ...input.messages].map((row) => row.line).filter((line): line is string => !!line);
  const lines = [...new Set([...(input.numbers ?? []), ...[...new Set(seen)].sort()])];
  return lines.map((e164) => {
    const calls = input.calls.filter((c) => c.line === e164);
    const messages = input.messages.filter((m) => m.line === e164);
    const answered = calls.filter((c) => c.answeredAt).length;
    return {
      e164,
      calls: {
        inbound: calls.length, answered, missed: calls.filter((c) => c.status === 'missed').length,
        abandoned: calls.filter((c) => c.status === 'abandoned').length, voicemails: calls.filter((c) => c.status === 'voicemail_left').length,
        answerRate: calls.length ? round(answered / calls.length, 3) : null,
      },
      messages: { inbound: messages.filter((m) => m.direction === 'inbound').length, outbound: messages.filter((m) => m.direction === 'outbound').length },
    };
  });
}

/** Figures as a report stored them: those stored before the per-number breakdown existed read as having none. */
export function storedFigures(stored: unknown): DailyFigures {
  const figures = stored as DailyFigures;
  return { ...figures, byNumber: figures.byNumber ?? [] };
}

/**
 * One response time per reply: several inbound messages answered by the same reply count once, from the
 * first of them (the customer's wait started there).
 */
function firstResponseTimes(inbound: ReportMessage[]): number[] {
  const firstAsked = new Map<string, ReportMessage>();
  for (const message of inbound) {
    if (!message.repliedAt) continue;
    const key = `${message.conversationId}|${message.repliedAt.getTime()}`;
    const earlier = firstAsked.get(key);
    if (!earlier || message.occurredAt < earlier.occurredAt) firstAsked.set(key, message);
  }
  return [...firstAsked.values()].map((m) => seconds(m.occurredAt, m.repliedAt!));
}

/** Linearly interpolated percentile (as PostgreSQL's percentile_cont), in seconds to 0.1. */
export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return round(sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low), 1);
}

const seconds = (from: Date, to: Date) => Math.max(0, (to.getTime() - from.getTime()) / 1000);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
