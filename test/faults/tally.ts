import type { Client } from '@temporalio/client';
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { notificationWorkflowId } from '../../workflows/notifications/contract.ts';
import { messageIdFor } from '../../db/email-deliveries.ts';
import { communications, emailDeliveries, type EmailKind } from '../../db/schema/index.ts';
import { autoMarkReadWorkflow } from '../../workflows/automation/auto-mark-read-workflow.ts';
import { callWorkflowId } from '../../workflows/call/contract.ts';
import { dailyReportWorkflow } from '../../workflows/reports/daily-report-workflow.ts';
import type { CarrierSimulator, ReceivedCommand } from '../helpers/carrier-simulator.ts';
import { SMS } from '../helpers/carrier-simulator.ts';
import type { SmtpSink } from '../helpers/smtp-sink.ts';
import { AUTO_REPLY } from './lines.ts';
import type { PlacedCall, SentSms } from './load.ts';
import { notificationKind } from './scenarios.ts';

const ACTIVE_CALL_STATUSES = ['routing', 'ringing', 'connected', 'voicemail'];
// One per inbox and meant to run for ever: not counted as open.
export const LONG_RUNNING_TYPES = new Set([autoMarkReadWorkflow.name, dailyReportWorkflow.name]);

export interface OutcomeRow {
  scenario: string;
  expected: string;
  calls: number;
  actual: Map<string, number>;
  wrong: number;
}

export interface Count {
  label: string;
  value: number;
  /** A wrong count: anything but 0 fails the run. */
  wrong: boolean;
}

export interface Tally {
  outcomes: OutcomeRow[];
  counts: Count[];
  /** Examples behind each non-zero wrong count, for the person reading the run. */
  examples: Map<string, string[]>;
}

/** The expected notification emails: one per watcher per call that should notify and per SMS, by their Message-IDs. */
export function expectedEmails(calls: PlacedCall[], sms: SentSms[], mailFrom: string): Map<string, string> {
  const expected = new Map<string, string>();
  const add = (kind: EmailKind, subjectId: string, watcherId: string, what: string) =>
    expected.set(messageIdFor(`notification:${kind}:${subjectId}:${watcherId}`, kind, mailFrom), what);
  for (const call of calls) {
    const kind = notificationKind[call.scenario.expected];
    if (kind) add(kind, call.callId, call.line.watcher.userId, `${kind} for ${call.callId} (${call.scenario.name})`);
  }
  for (const message of sms) add('inbound_message', message.messageId, message.line.watcher.userId, `inbound_message for ${message.messageId}`);
  return expected;
}

/** The notification workflows the expected emails come from (notification-<kind>:<call or message id>). */
export function expectedNotifications(calls: PlacedCall[], sms: SentSms[]): string[] {
  const ids = calls.flatMap((call) => {
    const kind = notificationKind[call.scenario.expected];
    return kind ? [notificationWorkflowId(`${kind}:${call.callId}`)] : [];
  });
  return [...ids, ...sms.map((m) => notificationWorkflowId(`inbound_message:${m.messageId}`))];
}

export async function tallyRun(input: {
  db: Database; client: Client; carrier: CarrierSimulator; smtp: SmtpSink; calls: PlacedCall[]; sms: SentSms[]; mailFrom: string;
  /** Worker and API processes that exited by themselves (and were restarted). */
  crashes: string[];
}): Promise<Tally> {
  const { db, calls, sms, carrier } = input;
  const examples = new Map<string, string[]>();
  const note = (label: string, example: string) => examples.set(label, [...(examples.get(label) ?? []), example]);
  const counts: Count[] = [];
  const count = (label: string, items: string[] | number, wrong = true) => {
    counts.push({ label, value: typeof items === 'number' ? items : items.length, wrong });
    if (wrong && typeof items !== 'number') items.slice(0, 5).forEach((item) => note(label, item));
  };

  // A process that dies by itself is a defect even when its restart recovers everything.
  count('worker or API processes crashed (restarted, as production\'s restart policy would)', input.crashes);

  // Calls: what the database (and so the API, the feed and the reports) says happened.
  const callRows = calls.length ? await db.select({ externalId: communications.externalId, status: communications.status }).from(communications)
    .where(and(eq(communications.kind, 'call'), inArray(communications.externalId, calls.map((c) => c.callId)))) : [];
  const statusOf = new Map(callRows.map((row) => [row.externalId, row.status]));
  const outcomes = new Map<string, OutcomeRow>();
  // One example of each kind of wrong outcome (scenario and actual status) is shown.
  const wrongKinds = new Map<string, { call: PlacedCall; actual: string }>();
  let wrongCalls = 0;
  for (const call of calls) {
    const actual = statusOf.get(call.callId) ?? 'no record';
    const row = outcomes.get(call.scenario.name) ?? { scenario: call.scenario.name, expected: call.scenario.expected, calls: 0, actual: new Map(), wrong: 0 };
    row.calls++;
    row.actual.set(actual, (row.actual.get(actual) ?? 0) + 1);
    if (actual !== call.scenario.expected) {
      row.wrong++;
      wrongCalls++;
      if (!wrongKinds.has(`${call.scenario.name}|${actual}`)) wrongKinds.set(`${call.scenario.name}|${actual}`, { call, actual });
    }
    outcomes.set(call.scenario.name, row);
  }
  counts.push({ label: 'calls with a wrong outcome', value: wrongCalls, wrong: true });
  // With what the workflow itself concluded, and the timeline it saw: that tells a late write (the record
  // disagrees with the workflow) from a wrong decision.
  examples.set('calls with a wrong outcome', await Promise.all([...wrongKinds.values()].slice(0, 10).map(async ({ call, actual }) =>
    `${call.callId} (${call.scenario.name}): ${actual}, expected ${call.scenario.expected}; ${await workflowVerdict(input.client, call.callId)}`)));
  count('calls stuck (row still routing, ringing, connected or voicemail)', calls.filter((c) => ACTIVE_CALL_STATUSES.includes(statusOf.get(c.callId) ?? '')).map((c) => `${c.callId}: ${statusOf.get(c.callId)}`));
  count('calls the carrier could not play out', calls.filter((c) => c.driverError).map((c) => `${c.callId}: ${c.driverError}`));

  // Workflows: none of ours left running or failed (the per-inbox ones run for ever by design).
  const open: string[] = [];
  const failed: string[] = [];
  for await (const execution of input.client.workflow.list({ query: 'ExecutionStatus != "Completed"' })) {
    if (LONG_RUNNING_TYPES.has(execution.type)) continue;
    (execution.status.name === 'RUNNING' ? open : failed).push(`${execution.workflowId} (${execution.type}): ${execution.status.name}`);
  }
  const callIds = new Set(calls.map((c) => callWorkflowId(c.callId)));
  count('call workflows open', open.filter((w) => callIds.has(w.split(' ')[0]!)));
  count('other workflows open', open.filter((w) => !callIds.has(w.split(' ')[0]!)));
  count('workflows failed, timed out or terminated', failed);

  // SMS: each stored exactly once, whatever the carrier's duplicates; closed lines auto-reply once per sender.
  const messageRows = sms.length ? await db.select({ externalId: communications.externalId }).from(communications)
    .where(and(eq(communications.kind, 'message'), eq(communications.direction, 'inbound'), inArray(communications.externalId, sms.map((m) => m.messageId)))) : [];
  const stored = tally(messageRows.map((r) => r.externalId));
  count('SMS lost', sms.filter((m) => !stored.has(m.messageId)).map((m) => m.messageId));
  count('SMS stored twice', [...stored].filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`));
  const replies = tally(carrier.commands.filter((c) => c.callId === SMS && c.status < 300 && c.body.body === AUTO_REPLY).map((c) => `${c.body.to}|${c.idempotencyKey}`));
  const repliedTo = tally([...replies.keys()].map((key) => key.split('|')[0]!));
  const owed = sms.filter((m) => m.line.kind !== 'open');
  count('after-hours auto-replies owed', owed.length, false);
  count('auto-replies not sent', owed.filter((m) => !repliedTo.has(m.from)).map((m) => m.from));
  count('auto-replies sent twice (under two keys)', [...repliedTo].filter(([, n]) => n > 1).map(([to, n]) => `${to} ×${n}`));

  // Email: every expected Message-ID received, nothing else, nothing twice.
  const expected = expectedEmails(calls, sms, input.mailFrom);
  const received = tally(input.smtp.received.map((email) => email.messageId));
  count('emails expected', expected.size, false);
  count('emails received (distinct Message-IDs)', received.size, false);
  count('emails missing', [...expected].filter(([id]) => !received.has(id)).map(([, what]) => what));
  const unexpected = new Map(input.smtp.received.filter((e) => !expected.has(e.messageId)).map((e) => [e.messageId, `${e.messageId} to ${e.envelope.to.join(',')}: ${e.parsed.subject}`]));
  count('emails not expected (false notifications)', [...unexpected.values()]);
  count('emails doubled (same Message-ID received twice)', [...received].filter(([, n]) => n > 1).map(([id, n]) => `${expected.get(id) ?? id} ×${n}`));
  const unsettled = await db.select({ key: emailDeliveries.key, status: emailDeliveries.status, lastError: emailDeliveries.lastError }).from(emailDeliveries).where(ne(emailDeliveries.status, 'sent'));
  count('email deliveries not sent (pending or failed)', unsettled.map((d) => `${d.key}: ${d.status} ${d.lastError ?? ''}`));

  // Carrier: a retried command keeps its Idempotency-Key, or the carrier would act twice.
  count('commands re-sent under a new key', resentUnderNewKey(carrier.commands));
  count('webhooks the carrier gave up on', carrier.undelivered.map((w) => `${w.kind} ${JSON.stringify(w.event).slice(0, 120)}: ${w.lastError}`));
  count('webhook attempts failed and retried by the carrier', carrier.failedWebhookAttempts, false);
  count('commands answered 5xx and retried', carrier.commands.filter((c) => c.status >= 500).length, false);

  return { outcomes: [...outcomes.values()], counts, examples };
}

async function workflowVerdict(client: Client, callId: string): Promise<string> {
  const handle = client.workflow.getHandle(callWorkflowId(callId));
  try {
    const { status } = await handle.describe();
    if (status.name !== 'COMPLETED') return `workflow ${status.name}`;
    const state = (await handle.result()) as { status: string; events: { type: string }[] };
    return `workflow ended ${state.status} (${state.events.map((e) => e.type).join(' → ')})`;
  } catch (error) {
    return `workflow: ${(error as Error).message}`;
  }
}

function tally(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/**
 * A command whose key the carrier never accepted, while the same command (same call, same body) was later
 * accepted under another key: the retry changed its key. Repeats of one key are what retries should be.
 */
function resentUnderNewKey(commands: ReceivedCommand[]): string[] {
  const byKey = new Map<string, ReceivedCommand[]>();
  for (const command of commands) byKey.set(command.idempotencyKey, [...(byKey.get(command.idempotencyKey) ?? []), command]);
  const found: string[] = [];
  for (const [key, tries] of byKey) {
    const bodies = new Set(tries.map((c) => JSON.stringify(c.body)));
    if (bodies.size > 1) found.push(`${key}: one key, ${bodies.size} different commands`);
    if (tries.some((c) => c.status < 300)) continue;
    const first = tries[0]!;
    const body = JSON.stringify(first.body);
    const later = commands.slice(commands.indexOf(first)).find((c) => c.callId === first.callId && c.idempotencyKey !== key && c.status < 300 && JSON.stringify(c.body) === body);
    if (later) found.push(`${key} re-sent as ${later.idempotencyKey}`);
  }
  return found;
}
