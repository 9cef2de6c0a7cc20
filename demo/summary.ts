import type { CallStatus } from '../domain/calls/voice-events.ts';
import type { ApiClient } from './api-client.ts';
import { inboxItems } from './conversations.ts';
import { day, inboxes, type InboxName } from './day-script.ts';

export const outcomes = ['completed', 'missed', 'abandoned', 'voicemail_left', 'failed'] as const satisfies readonly CallStatus[];

interface DailyReport {
  date: string;
  scheduledSentAt: string | null;
  figures: { calls: { inbound: number; answered: number; answerRate: number | null }; messages: { inbound: number; outbound: number }; unreadAtEndOfDay: number };
  emails: { to: string; status: string }[];
}

export interface InboxFigures {
  calls: Record<(typeof outcomes)[number], number>;
  messagesIn: number;
  messagesOut: number;
  autoRead: number;
  unread: number;
  report: DailyReport;
}

export interface DemoSummary {
  day: string;
  inboxes: Record<InboxName, InboxFigures>;
  emails: number;
}

/** What the API says happened in each inbox, and the played day's report as it was mailed. */
export async function inboxFigures(api: ApiClient, inboxId: string, playedDay: string): Promise<InboxFigures> {
  const calls = await api.request<{ items: { status: CallStatus }[] }>('GET', `/v1/calls?inboxId=${inboxId}&limit=200`);
  const items = await inboxItems(api, inboxId);
  const messages = items.filter((i) => i.kind === 'message');
  const { unread } = await api.request<{ unread: number }>('GET', `/v1/inboxes/${inboxId}/unread-count`);
  const report = await api.request<DailyReport>('GET', `/v1/inboxes/${inboxId}/reports/daily?date=${playedDay}`);
  return {
    calls: Object.fromEntries(outcomes.map((o) => [o, calls.items.filter((c) => c.status === o).length])) as InboxFigures['calls'],
    messagesIn: messages.filter((m) => m.direction === 'inbound').length,
    messagesOut: messages.filter((m) => m.direction === 'outbound').length,
    // Outbound automatic replies are recorded read by `auto` too; only what arrived counts here.
    autoRead: items.filter((i) => i.autoRead && i.direction === 'inbound').length,
    unread,
    report,
  };
}

/** How many calls the script means to end each way, per inbox. */
export function scriptedOutcomes(inbox: InboxName, outcome: CallStatus): number {
  return day.filter((item) => item.kind === 'call' && item.inbox === inbox && item.expect === outcome).length;
}

/** The summary table, in plain text: one row per figure, one column per inbox, then the total and what the script meant. */
export function formatSummary(summary: DemoSummary, names: Record<string, string>): string {
  const cols = ['sales', 'support'] as const;
  const rows: string[][] = [['', inboxes.sales.name, inboxes.support.name, 'total', 'scripted']];
  const row = (label: string, value: (inbox: InboxName) => number, scripted?: number) => {
    const values = cols.map(value);
    rows.push([label, ...values.map(String), String(values.reduce((a, b) => a + b, 0)), scripted === undefined ? '' : String(scripted)]);
  };
  rows.push(['calls by outcome', '', '', '', '']);
  for (const outcome of outcomes) row(`  ${outcome}`, (i) => summary.inboxes[i].calls[outcome], cols.reduce((n, i) => n + scriptedOutcomes(i, outcome), 0));
  rows.push(['messages', '', '', '', '']);
  row('  inbound', (i) => summary.inboxes[i].messagesIn, day.filter((d) => d.kind === 'text').length);
  row('  outbound (replies)', (i) => summary.inboxes[i].messagesOut, day.filter((d) => d.kind === 'text' && (d.reply || d.expectAutoReply)).length);
  row('auto-marked read', (i) => summary.inboxes[i].autoRead);
  row('unread now', (i) => summary.inboxes[i].unread);
  rows.push(['emails sent (mail viewer)', '', '', String(summary.emails), '']);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('   ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '─'.repeat(w)).join('   '));
  const reports = cols.map((i) => {
    const { report } = summary.inboxes[i];
    const calls = report.figures.calls;
    const rate = calls.answerRate === null ? '–' : `${Math.round(calls.answerRate * 100)}%`;
    const sent = report.emails.filter((e) => e.status === 'sent').map((e) => names[e.to] ?? e.to);
    return `  ${inboxes[i].name.padEnd(8)} ${calls.inbound} calls, ${calls.answered} answered (${rate}), ${report.figures.messages.inbound} texts in` +
      ` → ${sent.length ? `mailed to ${sent.join(', ')}` : 'not mailed yet'}`;
  });
  return [...lines, '', `daily report of ${summary.day}`, ...reports].join('\n');
}
