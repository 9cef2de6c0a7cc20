// The daily reports of N inboxes (default 1,000), each with a day of calls and messages. Measures:
//   1. computing and rendering them in one process (figures, HTML/text, PNG chart), one after another;
//   2. the real thing: every inbox's schedule due at the same second, from that second until an SMTP server
//      in this process has accepted all N emails (workflows, figures stored, emails recorded and sent).
// Needs DATABASE_URL (PostgreSQL). Prints figures (bench/figures.ts); asserts nothing.
//   DATABASE_URL=postgres://… node bench/daily-reports.ts [inboxes=1000] [callsPerInbox=30] [messagesPerInbox=30]
// First: the engine in this process runs with the runtime settings its own processes give themselves.
import '../infra/apply-runtime-settings.ts';
import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { randomBytes } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { composeEmail, createLinks } from '../activities/mail/compose.ts';
import { loadMailTemplates } from '../activities/mail/templates.ts';
import { computeReport } from '../db/daily-reports.ts';
import { rowsOf } from '../db/rows.ts';
import { reportFigure } from './figures.ts';
import { startBenchStack } from './bench-stack.ts';
import { addDays, localDate } from '../domain/reports/schedule.ts';

const inboxCount = Number(process.argv[2] ?? 1000);
const callsPerInbox = Number(process.argv[3] ?? 30);
const messagesPerInbox = Number(process.argv[4] ?? 30);
if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL to a PostgreSQL database');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const zone = 'America/New_York';

// An SMTP server that only counts: parsing here would compete with the system under test for the CPU.
let accepted = 0;
let onAccepted = () => {};
const smtp = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'], authOptional: true, logger: false,
  onData: (stream, _session, callback) => {
    stream.on('data', () => {});
    stream.on('end', () => {
      accepted++;
      onAccepted();
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;

const { stack, stop } = await startBenchStack({ smtpUrl });
const { db } = stack.database;
const { orgId, adminKey } = await stack.createOrg();

let started = performance.now();
const tag = randomBytes(4).toString('hex');
const date = addDays(localDate(new Date(), zone), -1);
const dayStart = DateTime.fromISO(date, { zone }).toJSDate().toISOString();
await db.execute(sql`
  insert into inboxes (id, org_id, name, kind, timezone) select 'inb_' || ${tag} || g, ${orgId}, 'Inbox ' || g, 'shared', ${zone} from generate_series(1, ${inboxCount}) g`);
await db.execute(sql`
  insert into users (id, org_id, name, email, role)
  select 'usr_' || ${tag} || g || '_' || r, ${orgId}, (case r when 0 then 'Watcher ' else 'Agent ' end) || g || '.' || r, 'u' || g || '.' || r || '@bench.test', case r when 0 then 'supervisor' else 'agent' end
  from generate_series(1, ${inboxCount}) g, generate_series(0, 2) r`);
await db.execute(sql`
  insert into inbox_members (inbox_id, user_id, org_id, role, position)
  select 'inb_' || ${tag} || g, 'usr_' || ${tag} || g || '_' || r, ${orgId}, case r when 0 then 'watching' else 'connected' end, r
  from generate_series(1, ${inboxCount}) g, generate_series(0, 2) r`);
await db.execute(sql`
  insert into contacts (id, org_id) select 'ctc_' || ${tag} || g, ${orgId} from generate_series(1, ${inboxCount}) g`);
await db.execute(sql`
  insert into contact_phones (org_id, e164, contact_id) select ${orgId}, '+1555' || lpad(g::text, 7, '0'), 'ctc_' || ${tag} || g from generate_series(1, ${inboxCount}) g`);
await db.execute(sql`
  insert into conversations (id, org_id, inbox_id, contact_id, last_activity_at)
  select 'cnv_' || ${tag} || g, ${orgId}, 'inb_' || ${tag} || g, 'ctc_' || ${tag} || g, ${dayStart}::timestamptz + interval '20 hours' from generate_series(1, ${inboxCount}) g`);
// Calls through the working day: three in four answered after 5–50 s, for 1–10 minutes, by one of two agents.
await db.execute(sql`
  insert into communications (id, org_id, inbox_id, conversation_id, kind, direction, external_id, status, from_e_164, to_e_164, agent_user_id, occurred_at, answered_at, ended_at, read_at)
  select 'com_c' || ${tag} || g || '_' || c, ${orgId}, 'inb_' || ${tag} || g, 'cnv_' || ${tag} || g, 'call', 'inbound', 'CA' || ${tag} || g || '_' || c,
         case when c % 4 = 0 then (array['missed', 'abandoned', 'voicemail_left'])[1 + c % 3] else 'completed' end,
         '+1555' || lpad(g::text, 7, '0'), '+15550000000', case when c % 4 = 0 then null else 'usr_' || ${tag} || g || '_' || (1 + c % 2) end,
         at, case when c % 4 = 0 then null else at + (5 + c % 46) * interval '1 second' end, at + (60 + (c * 37) % 540) * interval '1 second',
         case when c % 4 = 0 then null else at end
  from generate_series(1, ${inboxCount}) g, generate_series(1, ${callsPerInbox}) c,
       lateral (select ${dayStart}::timestamptz + interval '8 hours' + (c * 97 % 600) * interval '1 minute' as at) t`);
await db.execute(sql`
  insert into communications (id, org_id, inbox_id, conversation_id, kind, direction, external_id, status, from_e_164, to_e_164, agent_user_id, body, occurred_at, read_at)
  select 'com_m' || ${tag} || g || '_' || m, ${orgId}, 'inb_' || ${tag} || g, 'cnv_' || ${tag} || g, 'message', case when m % 2 = 0 then 'outbound' else 'inbound' end,
         'SM' || ${tag} || g || '_' || m, 'received', '+1555' || lpad(g::text, 7, '0'), '+15550000000',
         case when m % 2 = 0 then 'usr_' || ${tag} || g || '_' || (1 + m % 2) end, 'benchmark',
         ${dayStart}::timestamptz + interval '9 hours' + m * interval '10 minutes', case when m % 3 = 0 then null else ${dayStart}::timestamptz + interval '23 hours' end
  from generate_series(1, ${inboxCount}) g, generate_series(1, ${messagesPerInbox}) m`);
await db.execute(sql`analyze`);
console.log(`seeded ${inboxCount} inboxes with ${callsPerInbox} calls and ${messagesPerInbox} messages each on ${date} in ${seconds(performance.now() - started)}`);

const inboxIds = Array.from({ length: inboxCount }, (_, i) => `inb_${tag}${i + 1}`);

// 1. Compute and render, one inbox after another, in this process.
const templates = loadMailTemplates();
const links = createLinks('https://switchboard.example');
const computeMs: number[] = [];
const renderMs: number[] = [];
let pngBytes = 0;
started = performance.now();
for (const id of inboxIds) {
  const t0 = performance.now();
  const figures = await computeReport(db, { id, orgId, name: id, timezone: zone }, date);
  const t1 = performance.now();
  const email = composeEmail({
    content: { kind: 'daily_report', report: { inbox: { id, name: id, timezone: zone }, figures } },
    recipient: { name: 'Watcher', email: 'w@bench.test' }, messageId: `<${id}@bench>`, from: 'Switchboard <sb@bench.test>', links, templates, date: new Date(),
  });
  renderMs.push(performance.now() - t1);
  computeMs.push(t1 - t0);
  pngBytes += email.attachments![0]!.content.length;
}
const sequential = performance.now() - started;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.99)]!;
console.log(`1. compute + render ${inboxCount} reports one by one: ${seconds(sequential)}`);
console.log(`   figures per inbox: median ${median(computeMs).toFixed(1)} ms, p99 ${p99(computeMs).toFixed(1)} ms`);
console.log(`   HTML + text + PNG per inbox: median ${median(renderMs).toFixed(1)} ms, p99 ${p99(renderMs).toFixed(1)} ms; PNG ${Math.round(pngBytes / inboxCount / 1024)} KiB on average`);
const setting = { database: 'postgres' as const, detail: `${inboxCount.toLocaleString('en-US')} inboxes, ${callsPerInbox} calls + ${messagesPerInbox} messages each` };
reportFigure({ name: 'daily reports computed + rendered one by one (whole run)', setting, unit: 's', value: sequential / 1000, better: 'lower' });
reportFigure({ name: 'daily report figures per inbox p50', setting, unit: 'ms', value: median(computeMs), better: 'lower' });
reportFigure({ name: 'daily report HTML + text + PNG per inbox p50', setting, unit: 'ms', value: median(renderMs), better: 'lower' });

// 2. The schedules: enable every inbox's report (through the API) with one send time, then wait for the mail.
const sendAt = DateTime.now().setZone(zone).plus({ seconds: 20 + Math.ceil(inboxCount / 50) });
started = performance.now();
for (let i = 0; i < inboxIds.length; i += 20) {
  await Promise.all(inboxIds.slice(i, i + 20).map(async (id) => {
    const response = await stack.call('PUT', `/v1/inboxes/${id}/policies/reports`, { key: adminKey, body: { dailyActivity: { enabled: true, sendAt: sendAt.toFormat('HH:mm:ss'), recipients: ['watching'] } } });
    if (response.status !== 200) throw new Error(`enabling ${id}: ${response.status} ${JSON.stringify(response.body)}`);
  }));
}
const enablingMs = performance.now() - started;
console.log(`2. enabled ${inboxCount} schedules through the API in ${seconds(enablingMs)}; all due at ${sendAt.toISO()}`);
reportFigure({ name: 'daily reports enabled through the API, 20 requests at a time (whole run)', setting, unit: 's', value: enablingMs / 1000, better: 'lower' });
// The policy holds whole seconds: the schedules are due at the start of that second.
const due = sendAt.startOf('second').toMillis();
if (Date.now() > due) console.log('   warning: enabling took longer than the lead time; the figure below includes the lag');
accepted = 0;
const allIn = new Promise<void>((resolve) => (onAccepted = () => accepted >= inboxCount && resolve()));
const firstIn = new Promise<number>((resolve) => {
  const previous = onAccepted;
  onAccepted = () => {
    if (accepted === 1) resolve(Date.now());
    previous();
  };
});
await allIn;
const done = Date.now();
console.log(`   from the send time until SMTP accepted all ${inboxCount} reports: ${seconds(done - due)} (first after ${seconds((await firstIn) - due)}), ${(inboxCount / ((done - due) / 1000)).toFixed(1)} reports/s`);
reportFigure({ name: 'daily reports all due at once → all mailed (whole run)', setting, unit: 's', value: (done - due) / 1000, better: 'lower' });
reportFigure({ name: 'daily reports all due at once → all mailed, per inbox', setting, unit: 'ms', value: (done - due) / inboxCount, better: 'lower' });
// A report is marked sent after its email went out: wait for the last marks rather than read them once.
const storedCount = async () =>
  rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from daily_reports where inbox_id like ${`inb_${tag}%`} and scheduled_at is not null`))[0]!.n;
let stored = await storedCount();
for (const giveUp = Date.now() + 60_000; stored < inboxCount && Date.now() < giveUp; stored = await storedCount()) await delay(200);
console.log(`   reports stored as sent by the schedules: ${stored} of ${inboxCount}, ${seconds(Date.now() - due)} after the send time`);
if (stored < inboxCount) process.exitCode = 1;

await stop();
smtp.close();
