// How the rest of Switchboard starts and queries an inbox's daily report schedule (./daily-report-workflow.ts).
// Like every inbox workflow it also hears policyChangedSignal (../policy-changed.ts).
import { defineQuery } from '@temporalio/workflow';

export interface DailyReportInput {
  orgId: string;
  inboxId: string;
  /** Carried across continue-as-new. */
  carried?: { lastReported: string | null; since: string };
}

export interface DailyReportSchedule {
  phase: 'starting' | 'waiting' | 'sending' | 'off';
  timezone: string | null;
  sendAt: string | null;
  lastReported: string | null;
  next: { date: string; sendAt: string } | null;
}

export const dailyReportScheduleQuery = defineQuery<DailyReportSchedule>('dailyReportSchedule');

/** One per inbox. */
export const dailyReportWorkflowId = (inboxId: string) => `daily-report-${inboxId}`;
