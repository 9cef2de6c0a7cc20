import { and, asc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { computeDailyFigures, type DailyFigures } from '../domain/reports/figures.ts';
import { localHours } from '../domain/reports/local-hours.ts';
import { localDayBounds } from '../domain/reports/schedule.ts';
import type { Database } from './database.ts';
import { planDeliveries } from './email-deliveries.ts';
import { loadInboxPolicies } from './inbox-policies.ts';
import { reportRecipients } from './mail-recipients.ts';
import { communications, dailyReports, inboxes, inboxMembers, inboxNumbers, users } from './schema/index.ts';

export interface ReportInbox { id: string; orgId: string; name: string; timezone: string }

export async function findInbox(db: Database, inboxId: string): Promise<ReportInbox | undefined> {
  const [inbox] = await db.select({ id: inboxes.id, orgId: inboxes.orgId, name: inboxes.name, timezone: inboxes.timezone }).from(inboxes).where(eq(inboxes.id, inboxId));
  return inbox;
}

/** The figures of one inbox-local day, from the calls and messages the workflows recorded. */
export async function computeReport(db: Database, inbox: ReportInbox, date: string): Promise<DailyFigures> {
  const connected = await db.select({ userId: users.id, name: users.name }).from(inboxMembers).innerJoin(users, eq(users.id, inboxMembers.userId))
    .where(and(eq(inboxMembers.inboxId, inbox.id), eq(inboxMembers.role, 'connected')));
  return computeFigures(db, { inboxIds: [inbox.id], timezone: inbox.timezone, date, agents: connected });
}

/** What a day's figures cover: these inboxes' calls and messages in this timezone's day, with these people in the agent table. */
export interface FiguresScope {
  inboxIds: string[];
  timezone: string;
  date: string;
  /** Everyone who appears in the agent table even with nothing to show. */
  agents: { userId: string; name: string }[];
}

/** The figures of one local day across one or more inboxes (an inbox's, a user's or a team's report). */
export async function computeFigures(db: Database, scope: FiguresScope): Promise<DailyFigures> {
  const { date, timezone, inboxIds } = scope;
  const period = localDayBounds(date, timezone);
  const base = { date, timezone, period, hours: localHours(date, timezone), agents: scope.agents };
  if (!inboxIds.length) return computeDailyFigures({ ...base, calls: [], outboundCalls: [], messages: [], unreadAtEndOfDay: 0, names: {}, numbers: [] });
  const inInboxes = inArray(communications.inboxId, inboxIds);
  const inDay = and(inInboxes, gte(communications.occurredAt, period.start), lt(communications.occurredAt, period.end));
  const callsOf = (direction: 'inbound' | 'outbound') => db.select({
    occurredAt: communications.occurredAt, answeredAt: communications.answeredAt, endedAt: communications.endedAt, status: communications.status,
    agentUserId: communications.agentUserId,
    // The inbox's line the call used: dialed by the caller, or shown by the agent.
    line: direction === 'inbound' ? communications.toE164 : communications.fromE164,
  }).from(communications).where(and(inDay, eq(communications.kind, 'call'), eq(communications.direction, direction)));
  const [calls, outboundCalls, messages, [unread], numbers] = await Promise.all([
    callsOf('inbound'),
    callsOf('outbound'),
    db.select({
      occurredAt: communications.occurredAt, direction: communications.direction, conversationId: communications.conversationId, agentUserId: communications.agentUserId,
      line: sql<string>`case when ${communications.direction} = 'inbound' then ${communications.toE164} else ${communications.fromE164} end`,
      // An inbound message's first agent reply, whenever it came (a reply the next morning still counts). The outer
      // columns are spelled out: drizzle leaves them unqualified in a one-table select, and "reply" would capture them.
      repliedAt: sql<Date | null>`case when ${communications.direction} = 'inbound' then (
        select min(reply.occurred_at) from communications reply
        where reply.conversation_id = communications.conversation_id and reply.kind = 'message' and reply.direction = 'outbound'
          and reply.agent_user_id is not null and reply.occurred_at >= communications.occurred_at) end`.mapWith((v) => (v ? new Date(v as string) : null)),
    }).from(communications).where(and(inDay, eq(communications.kind, 'message'))).orderBy(asc(communications.occurredAt)),
    db.select({ count: sql<number>`count(*)::int` }).from(communications).where(and(
      inInboxes, lt(communications.occurredAt, period.end),
      or(isNull(communications.readAt), gte(communications.readAt, period.end)),
    )),
    db.select({ e164: inboxNumbers.e164 }).from(inboxNumbers).where(inArray(inboxNumbers.inboxId, inboxIds)).orderBy(asc(inboxNumbers.assignedAt)),
  ]);
  const known = new Set(scope.agents.map((a) => a.userId));
  const others = [...new Set([...calls, ...messages].map((row) => row.agentUserId).filter((id): id is string => !!id && !known.has(id)))];
  const names = others.length ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, others)) : [];
  return computeDailyFigures({
    ...base, calls, outboundCalls, messages, unreadAtEndOfDay: unread?.count ?? 0,
    names: Object.fromEntries(names.map((n) => [n.id, n.name])), numbers: numbers.map((n) => n.e164),
  });
}

/**
 * Computes and stores a day's report and records one pending email per recipient the reports policy names.
 * `keyPrefix` makes the emails what they are: the scheduled report of the day, or one on-demand re-send.
 */
export async function prepareDailyReport(db: Database, input: { inbox: ReportInbox; date: string; keyPrefix: string; from: string }) {
  const { inbox, date } = input;
  const figures = await computeReport(db, inbox, date);
  const now = new Date();
  await db.insert(dailyReports).values({ inboxId: inbox.id, date, orgId: inbox.orgId, timezone: inbox.timezone, figures, generatedAt: now })
    .onConflictDoUpdate({ target: [dailyReports.inboxId, dailyReports.date], set: { figures, timezone: inbox.timezone, generatedAt: now } });
  const policies = await loadInboxPolicies(db, inbox.id);
  const recipients = await reportRecipients(db, inbox.id, policies.reports.dailyActivity.recipients);
  const keys = await planDeliveries(db, {
    orgId: inbox.orgId, inboxId: inbox.id, kind: 'daily_report', subjectId: reportSubjectId(inbox.id, date), keyPrefix: input.keyPrefix, recipients, from: input.from,
  });
  return { figures, keys };
}

export const reportSubjectId = (inboxId: string, date: string) => `${inboxId}:${date}`;
export const scheduledReportKeyPrefix = (inboxId: string, date: string) => `daily-report:${inboxId}:${date}`;

/** The last day the schedule reported for this inbox, so a restarted schedule never sends a day twice. */
export async function lastScheduledReport(db: Database, inboxId: string): Promise<string | null> {
  const [row] = await db.select({ date: sql<string | null>`max(${dailyReports.date})` }).from(dailyReports)
    .where(and(eq(dailyReports.inboxId, inboxId), sql`${dailyReports.scheduledAt} is not null`));
  return row?.date ?? null;
}
