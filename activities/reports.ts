import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { findInbox, lastScheduledReport, prepareDailyReport, scheduledReportKeyPrefix } from '../db/daily-reports.ts';
import { loadInboxPolicies } from '../db/inbox-policies.ts';
import { dailyReports } from '../db/schema/index.ts';

export interface ReportPlan {
  exists: boolean;
  enabled: boolean;
  sendAt: string;
  timezone: string;
  /** The last day the schedule reported, if any. */
  lastScheduled: string | null;
}

export function createReportActivities(deps: { db: Database; from: string }) {
  const { db } = deps;
  return {
    /** What the schedule needs, read afresh: the policy, the inbox's timezone, and what it already sent. */
    async loadReportPlan(input: { inboxId: string }): Promise<ReportPlan> {
      const inbox = await findInbox(db, input.inboxId);
      if (!inbox) return { exists: false, enabled: false, sendAt: '08:00', timezone: 'UTC', lastScheduled: null };
      const [policies, lastScheduled] = await Promise.all([loadInboxPolicies(db, inbox.id), lastScheduledReport(db, inbox.id)]);
      const { enabled, sendAt } = policies.reports.dailyActivity;
      return { exists: true, enabled, sendAt, timezone: inbox.timezone, lastScheduled };
    },

    /** Computes and stores the day's report and records its emails under the day's scheduled keys. */
    async prepareScheduledReport(input: { inboxId: string; date: string }): Promise<string[]> {
      const inbox = await findInbox(db, input.inboxId);
      if (!inbox) return [];
      const { keys } = await prepareDailyReport(db, { inbox, date: input.date, keyPrefix: scheduledReportKeyPrefix(inbox.id, input.date), from: deps.from });
      return keys;
    },

    async markReportScheduled(input: { inboxId: string; date: string }): Promise<void> {
      await db.update(dailyReports).set({ scheduledAt: new Date() }).where(and(eq(dailyReports.inboxId, input.inboxId), eq(dailyReports.date, input.date)));
    },
  };
}
