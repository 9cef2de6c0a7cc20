import { DateTime } from 'luxon';
import type { DailyFigures } from '../../domain/reports/figures.ts';
import type { EmailKind } from '../../db/schema/mail.ts';
import { renderHourlyChart } from './hourly-chart.ts';
import type { MailTemplates } from './templates.ts';
import type { OutgoingEmail } from './transport.ts';

export interface InboxFacts { id: string; name: string; timezone: string }

export interface NotificationFacts {
  inbox: InboxFacts;
  contact: { e164: string; name: string | null };
  occurredAt: Date;
  conversationId: string | null;
  call?: { callId: string; endedAt: Date | null };
  voicemail?: { recordingUrl: string; durationSec: number; transcription: string | null };
  message?: { body: string };
}

/** Every kind of email Switchboard sends, with what each needs. */
export type EmailContent =
  | { kind: Exclude<EmailKind, 'daily_report'>; notification: NotificationFacts }
  | { kind: 'daily_report'; report: { inbox: InboxFacts; figures: DailyFigures } };

export interface Links {
  call(callId: string): string;
  feed(inboxId: string): string;
  dailyReport(inboxId: string, date: string): string;
}

/** Links in emails start at PUBLIC_BASE_URL, so they work from wherever the reader is. */
export function createLinks(publicBaseUrl: string): Links {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return {
    call: (callId) => `${base}/v1/calls/${encodeURIComponent(callId)}`,
    feed: (inboxId) => `${base}/v1/inboxes/${inboxId}/feed`,
    dailyReport: (inboxId, date) => `${base}/v1/inboxes/${inboxId}/reports/daily?date=${date}`,
  };
}

export interface ComposeInput {
  content: EmailContent;
  recipient: { name: string; email: string };
  messageId: string;
  from: string;
  links: Links;
  templates: MailTemplates;
  date: Date;
}

export function composeEmail(input: ComposeInput): OutgoingEmail {
  const common = {
    messageId: input.messageId, from: input.from, to: formatAddress(input.recipient), date: input.date,
    // RFC 3834: machine-sent, so auto-responders stay quiet.
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', 'X-Switchboard-Kind': input.content.kind },
  };
  const { content } = input;
  if (content.kind === 'daily_report') {
    const view = reportView(content.report.inbox, content.report.figures, input);
    const chart = renderHourlyChart(input.templates, content.report.figures.hourly);
    return {
      ...common, subject: view.subject, html: input.templates.reportHtml(view), text: input.templates.reportText(view),
      attachments: [{ filename: 'calls-and-messages-per-hour.png', content: chart, contentType: 'image/png', cid: view.chartCid }],
    };
  }
  const view = notificationView(content.kind, content.notification, input);
  return { ...common, subject: view.subject, html: input.templates.notificationHtml(view), text: input.templates.notificationText(view) };
}

const titles: Record<Exclude<EmailKind, 'daily_report'>, { title: string; intro: string }> = {
  missed_call: { title: 'Missed call', intro: 'Nobody answered and no voicemail was left.' },
  abandoned_call: { title: 'Abandoned call', intro: 'The caller hung up before anyone answered.' },
  voicemail: { title: 'New voicemail', intro: 'Nobody could take the call, so the caller left a voicemail.' },
  inbound_message: { title: 'New message', intro: 'A text message arrived.' },
};

function notificationView(kind: Exclude<EmailKind, 'daily_report'>, facts: NotificationFacts, input: ComposeInput) {
  const { inbox, contact } = facts;
  const who = contact.name ? `${contact.name} (${contact.e164})` : contact.e164;
  const { title, intro } = titles[kind];
  const facts_ = [
    { label: 'From', value: who },
    { label: 'Inbox', value: inbox.name },
    { label: kind === 'inbound_message' ? 'Received' : 'Called', value: formatTime(facts.occurredAt, inbox.timezone) },
  ];
  if (facts.call?.endedAt && kind !== 'voicemail') facts_.push({ label: 'Ended', value: formatTime(facts.call.endedAt, inbox.timezone) });
  return {
    subject: `${title} from ${who} · ${inbox.name}`,
    title: `${title} from ${who}`,
    intro: `Hello ${input.recipient.name}, ${intro[0]!.toLowerCase()}${intro.slice(1)}`,
    inboxName: inbox.name,
    facts: facts_,
    voicemail: facts.voicemail ? { ...facts.voicemail, duration: formatDuration(facts.voicemail.durationSec) } : null,
    message: facts.message ?? null,
    link: facts.call
      ? { url: input.links.call(facts.call.callId), label: 'Open the call' }
      : { url: input.links.feed(inbox.id), label: 'Open the inbox' },
    footer: `You receive this because you watch ${inbox.name}. Times are ${inbox.timezone}.`,
  };
}

function reportView(inbox: InboxFacts, f: DailyFigures, input: ComposeInput) {
  const dayLabel = DateTime.fromISO(f.date, { zone: 'UTC' }).toFormat('cccc d LLLL yyyy');
  const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);
  const seconds = (value: number | null) => (value === null ? '—' : formatDuration(value));
  const busiest = f.busiestHour
    ? `${f.busiestHour.label}–${nextHourLabel(f.busiestHour.label)} (${f.busiestHour.calls} calls, ${f.busiestHour.messages} messages)`
    : 'no activity';
  return {
    subject: `Daily activity · ${inbox.name} · ${DateTime.fromISO(f.date, { zone: 'UTC' }).toFormat('ccc d LLL yyyy')}`,
    inboxName: inbox.name,
    dayLabel,
    timezone: inbox.timezone,
    headline: [
      { label: 'Inbound calls', value: f.calls.inbound },
      { label: 'Answer rate', value: percent(f.calls.answerRate) },
      { label: 'Messages in / out', value: `${f.messages.inbound} / ${f.messages.outbound}` },
      { label: 'Unread at day end', value: f.unreadAtEndOfDay },
    ],
    callRows: [
      { label: 'Inbound calls', value: f.calls.inbound },
      { label: 'Answered', value: f.calls.answered },
      { label: 'Missed', value: f.calls.missed },
      { label: 'Abandoned', value: f.calls.abandoned },
      { label: 'Voicemails', value: f.calls.voicemails },
      { label: 'Answer rate', value: percent(f.calls.answerRate) },
      { label: 'Time to answer, median', value: seconds(f.calls.timeToAnswer.medianSec) },
      { label: 'Time to answer, 90th percentile', value: seconds(f.calls.timeToAnswer.p90Sec) },
      { label: 'Talk time, total', value: formatDuration(f.calls.talkTime.totalSec) },
      { label: 'Talk time, average', value: seconds(f.calls.talkTime.averageSec) },
      { label: 'Outbound calls placed / connected', value: `${f.outboundCalls.placed} / ${f.outboundCalls.connected}` },
    ],
    messageRows: [
      { label: 'Inbound messages', value: f.messages.inbound },
      { label: 'Outbound messages', value: f.messages.outbound },
      { label: 'First response time, median', value: seconds(f.messages.firstResponse.medianSec) },
      { label: 'Still awaiting a reply', value: f.messages.firstResponse.awaitingReply },
      { label: 'Unread at the end of the day', value: f.unreadAtEndOfDay },
    ],
    agents: f.agents.map((a) => ({ ...a, talkTime: formatDuration(a.talkTimeSec) })),
    numbers: f.byNumber.map((n) => ({
      e164: n.e164, callsIn: n.calls.inbound, answered: n.calls.answered, missed: n.calls.missed + n.calls.abandoned + n.calls.voicemails,
      answerRate: percent(n.calls.answerRate), messagesIn: n.messages.inbound, messagesOut: n.messages.outbound,
    })),
    busiestHour: busiest,
    chartCid: `hourly-chart.${f.date}@switchboard`,
    link: input.links.dailyReport(inbox.id, f.date),
    footer: `You receive this daily report for ${inbox.name} as one of the recipients its reports policy names. Times are ${inbox.timezone}.`,
  };
}

/** "Mon 23 Nov 2026, 09:41 EST" in the inbox's timezone. */
export function formatTime(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('ccc d LLL yyyy, HH:mm ZZZZ');
}

/** 42 → "0:42", 3725 → "1:02:05". */
function formatDuration(totalSeconds: number): string {
  const s = Math.round(totalSeconds);
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}

function nextHourLabel(label: string): string {
  return `${String((Number(label.slice(0, 2)) + 1) % 24).padStart(2, '0')}:00`;
}

function formatAddress(recipient: { name: string; email: string }): string {
  // Quoted so commas or dots in a name cannot split the address list.
  return `"${recipient.name.replace(/["\\\r\n]/g, '')}" <${recipient.email}>`;
}
