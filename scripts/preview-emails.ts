// Writes sample emails (a daily report and a voicemail notification) as HTML and text files, with the chart
// inlined, so a template change can be looked at in a browser before it reaches anyone's inbox.
//   node scripts/preview-emails.ts [out-dir=data/email-previews]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeEmail, createLinks, type EmailContent } from '../activities/mail/compose.ts';
import { loadMailTemplates } from '../activities/mail/templates.ts';
import { computeDailyFigures, type ReportCall, type ReportMessage } from '../domain/reports/figures.ts';
import { localHours } from '../domain/reports/local-hours.ts';
import { localDayBounds } from '../domain/reports/schedule.ts';

const out = process.argv[2] ?? 'data/email-previews';
const zone = 'America/New_York';
const date = '2026-11-20';
const period = localDayBounds(date, zone);
const at = (hours: number) => new Date(period.start.getTime() + hours * 3_600_000);
const lines = ['+12125550100', '+12125550199'];
const agents = [{ userId: 'usr_ana', name: 'Ana Alvarez' }, { userId: 'usr_bo', name: 'Bo Berg' }, { userId: 'usr_cy', name: 'Cy Chen' }];
// A plausible working day: busy mornings, a lunch dip, a few calls nobody took.
const calls: ReportCall[] = Array.from({ length: 64 }, (_, i) => {
  const hour = 8 + ((i * 7) % 10) + (i % 3) / 3;
  const outcome = i % 9 === 0 ? 'missed' : i % 11 === 0 ? 'abandoned' : i % 13 === 0 ? 'voicemail_left' : 'completed';
  const answered = outcome === 'completed';
  return {
    occurredAt: at(hour), answeredAt: answered ? new Date(at(hour).getTime() + (6 + (i * 5) % 40) * 1000) : null,
    endedAt: new Date(at(hour).getTime() + (90 + (i * 53) % 600) * 1000), status: outcome, agentUserId: answered ? agents[i % 3]!.userId : null,
    line: lines[i % 4 ? 0 : 1],
  };
});
const messages: ReportMessage[] = Array.from({ length: 48 }, (_, i) => {
  const hour = 9 + ((i * 5) % 9) + (i % 4) / 4;
  const inbound = i % 3 !== 0;
  return { occurredAt: at(hour), direction: inbound ? 'inbound' : 'outbound', conversationId: `cnv_${i % 12}`, agentUserId: inbound ? null : agents[i % 2]!.userId, repliedAt: inbound && i % 7 ? at(hour + 0.1 + (i % 5) / 20) : null, line: lines[0] };
});
const figures = computeDailyFigures({ date, timezone: zone, period, hours: localHours(date, zone), calls, outboundCalls: calls.slice(0, 3), messages, unreadAtEndOfDay: 6, agents, names: {}, numbers: lines });
const inbox = { id: 'inb_support', name: 'Support line', timezone: zone };
const samples: Record<string, EmailContent> = {
  'daily-report': { kind: 'daily_report', report: { inbox, figures } },
  voicemail: {
    kind: 'voicemail',
    notification: {
      inbox, contact: { e164: '+14155550123', name: 'Dana Doe' }, occurredAt: at(14.2), conversationId: null,
      call: { callId: 'CA5f1e2d', endedAt: at(14.25) },
      voicemail: { recordingUrl: 'https://carrier.example/recordings/CA5f1e2d.mp3', durationSec: 42, transcription: 'Hi, this is Dana about invoice 4417 — could someone call me back before five? Thanks.' },
    },
  },
};
mkdirSync(out, { recursive: true });
const templates = loadMailTemplates();
for (const [name, content] of Object.entries(samples)) {
  const email = composeEmail({
    content, recipient: { name: 'Sam Supervisor', email: 'sam@example.com' }, messageId: `<preview.${name}@switchboard.example>`,
    from: 'Switchboard <switchboard@example.com>', links: createLinks('https://switchboard.example.com'), templates, date: new Date(),
  });
  let html = email.html;
  for (const attachment of email.attachments ?? []) html = html.replaceAll(`cid:${attachment.cid}`, `data:${attachment.contentType};base64,${attachment.content.toString('base64')}`);
  writeFileSync(join(out, `${name}.html`), html);
  writeFileSync(join(out, `${name}.txt`), `Subject: ${email.subject}\n\n${email.text}`);
  console.log(`${join(out, `${name}.html`)}  (${email.subject})`);
}
