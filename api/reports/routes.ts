import { createHash, randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { computeReport, prepareDailyReport, reportSubjectId, scheduledReportKeyPrefix, type ReportInbox } from '../../db/daily-reports.ts';
import type { Database } from '../../db/database.ts';
import { deliveriesByKey } from '../../db/email-deliveries.ts';
import { loadInboxPolicies } from '../../db/inbox-policies.ts';
import { reportRecipients } from '../../db/mail-recipients.ts';
import { dailyReports, emailDeliveries } from '../../db/schema/index.ts';
import { storedFigures } from '../../domain/reports/figures.ts';
import { addDays, isCalendarDate, localDate } from '../../domain/reports/schedule.ts';
import { startOnce } from '../../workflows/client/start-workflow.ts';
import { reportSendWorkflowId } from '../../workflows/mail/contract.ts';
import { emailDeliveryWorkflow } from '../../workflows/mail/deliver-emails.ts';
import { inboxById } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { badRequest, conflict } from '../http/problem.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { idParams } from '../schemas.ts';
import { dailyReportSchema, presentEmail, reportEmailSchema } from './present.ts';

const dateField = z.string().refine(isCalendarDate, { error: 'must be a date as YYYY-MM-DD' });

export function reportRoutes(deps: ApiDeps): RouteSpec[] {
  const { db } = deps;
  return [
    defineRoute({
      method: 'get', path: '/v1/inboxes/:id/reports/daily', summary: "An inbox's daily activity figures for one local day, with the report emails sent", tags: ['reports'],
      access: 'supervisor', params: idParams,
      query: z.object({ date: dateField.optional().meta({ description: "The inbox-local day; defaults to yesterday's" }) }),
      responses: { 200: { description: 'The figures: as mailed when the report went out, else computed now', schema: dailyReportSchema } },
      resource: inboxById(db),
      handler: async ({ query, resource: inbox }) => {
        const today = localDate(new Date(), inbox.timezone);
        const date = query.date ?? addDays(today, -1);
        if (date > today) throw badRequest('That day has not begun yet.', [{ path: 'date', message: `must be on or before ${today}, today in ${inbox.timezone}` }]);
        const [stored] = await db.select().from(dailyReports).where(and(eq(dailyReports.inboxId, inbox.id), eq(dailyReports.date, date)));
        const emails = await db.select().from(emailDeliveries)
          .where(and(eq(emailDeliveries.subjectId, reportSubjectId(inbox.id, date)), eq(emailDeliveries.kind, 'daily_report')))
          .orderBy(asc(emailDeliveries.createdAt), asc(emailDeliveries.key));
        const figures = stored ? storedFigures(stored.figures) : await computeReport(db, inbox, date);
        return {
          status: 200,
          body: {
            inboxId: inbox.id, date, timezone: stored?.timezone ?? inbox.timezone, complete: date < today, source: stored ? 'stored' : 'live',
            generatedAt: (stored?.generatedAt ?? new Date()).toISOString(), scheduledSentAt: stored?.scheduledAt?.toISOString() ?? null,
            figures, emails: emails.map(presentEmail),
          },
        };
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/inboxes/:id/reports/daily/send',
      summary: "Send (or re-send) a day's report now to the recipients the reports policy names (an Idempotency-Key header makes retries safe)", tags: ['reports'],
      access: 'supervisor', params: idParams, body: z.strictObject({ date: dateField.meta({ description: 'The inbox-local day; it must be over' }) }),
      responses: {
        202: { description: 'The figures are computed and stored, and one email per recipient is on its way', schema: z.object({ sendId: z.string(), date: z.string(), emails: z.array(reportEmailSchema) }) },
        409: { description: 'The reports policy names nobody to send to' },
      },
      resource: inboxById(db),
      handler: async ({ body, req, resource: inbox }) => {
        const today = localDate(new Date(), inbox.timezone);
        if (body.date >= today) throw badRequest('Only a day that is over can be reported.', [{ path: 'date', message: `must be before ${today}, today in ${inbox.timezone}` }]);
        const { reports } = await loadInboxPolicies(db, inbox.id);
        if (!(await reportRecipients(db, inbox.id, reports.dailyActivity.recipients)).length) {
          throw conflict(`Nobody is in the report's recipient groups (${reports.dailyActivity.recipients.join(', ')}); add members or change the reports policy.`);
        }
        const given = req.get('idempotency-key');
        const sendId = given ? createHash('sha256').update(`${inbox.id}:${body.date}:${given.slice(0, 200)}`).digest('base64url').slice(0, 22) : randomUUID();
        const keys = await planSend(db, deps.mailFrom, inbox, body.date, sendId);
        // The same Idempotency-Key again: the first request's emails are already on their way.
        await startOnce(deps.temporal, emailDeliveryWorkflow, { workflowId: reportSendWorkflowId(sendId), taskQueue: deps.taskQueue, args: [{ keys }] });
        const rows = await deliveriesByKey(db, keys);
        return { status: 202, body: { sendId, date: body.date, emails: rows.map(presentEmail) } };
      },
    }),
  ];
}

/** A re-send is a new email, so it gets its own keys (and Message-IDs) beside the scheduled one's. */
async function planSend(db: Database, from: string, inbox: ReportInbox, date: string, sendId: string): Promise<string[]> {
  const { keys } = await prepareDailyReport(db, { inbox, date, keyPrefix: `${scheduledReportKeyPrefix(inbox.id, date)}:send-${sendId}`, from });
  return keys;
}
