import { condition, continueAsNew, proxyLocalActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createReportActivities, ReportPlan } from '../../activities/reports.ts';
import { nextReport } from '../../domain/reports/schedule.ts';
import { deliverEmails } from '../mail/deliver-emails.ts';
import { policyChangedSignal } from '../policy-changed.ts';
import { reportDatabaseSteps } from '../activity-options.ts';
import { inboxIdAttribute, orgIdAttribute } from '../search-attributes.ts';
import { dailyReportScheduleQuery, type DailyReportInput, type DailyReportSchedule } from './contract.ts';

const local = proxyLocalActivities<ReturnType<typeof createReportActivities>>(reportDatabaseSteps);

// Past this many reports, start afresh so the history stays short (a year of daily reports is ~365).
const REPORTS_PER_RUN = 30;

/**
 * One per inbox while its daily report is on. Sleeps until the next report's local send time, sends the
 * previous local day's report, and repeats; each day once. Timers are durable, so a report due while the
 * system was down goes out when it returns (as do the days after it, up to a week). Any policy or inbox
 * change wakes it to re-read the plan and re-plan at once.
 */
export async function dailyReportWorkflow(input: DailyReportInput): Promise<DailyReportSchedule> {
  let changed = false;
  const schedule: DailyReportSchedule = { phase: 'starting', timezone: null, sendAt: null, lastReported: input.carried?.lastReported ?? null, next: null };
  setHandler(dailyReportScheduleQuery, () => schedule);
  setHandler(policyChangedSignal, () => {
    changed = true;
  });
  upsertSearchAttributes({ [orgIdAttribute.name]: [input.orgId], [inboxIdAttribute.name]: [input.inboxId] });
  // When reports were turned on: the workflow's start, not its first task, which a busy worker may run later.
  const since = input.carried?.since ?? workflowInfo().startTime.toISOString();

  let plan: ReportPlan;
  const replan = async () => {
    changed = false;
    plan = await local.loadReportPlan({ inboxId: input.inboxId });
    // Whatever the records say was sent stays sent, even across a restart of this schedule.
    if (plan.lastScheduled && (!schedule.lastReported || plan.lastScheduled > schedule.lastReported)) schedule.lastReported = plan.lastScheduled;
    Object.assign(schedule, { timezone: plan.timezone, sendAt: plan.sendAt });
  };
  // Every run reads its plan afresh, continued ones too: a change whose signal was missed is not lost.
  await replan();

  for (let sent = 0; sent < REPORTS_PER_RUN;) {
    if (!plan!.exists || !plan!.enabled) {
      Object.assign(schedule, { phase: 'off', next: null });
      return schedule;
    }
    const next = nextReport({ sendAt: plan!.sendAt, zone: plan!.timezone, lastReported: schedule.lastReported, now: new Date(), since: new Date(since) });
    schedule.next = { date: next.date, sendAt: next.sendAt.toISOString() };
    schedule.phase = 'waiting';
    const wait = next.sendAt.getTime() - Date.now();
    if (wait > 0 && (await condition(() => changed, wait))) {
      await replan();
      continue;
    }
    schedule.phase = 'sending';
    const keys = await local.prepareScheduledReport({ inboxId: input.inboxId, date: next.date });
    await deliverEmails(keys);
    await local.markReportScheduled({ inboxId: input.inboxId, date: next.date });
    schedule.lastReported = next.date;
    sent++;
    if (changed) await replan();
    if (workflowInfo().continueAsNewSuggested) break;
  }
  return continueAsNew<typeof dailyReportWorkflow>({ ...input, carried: { lastReported: schedule.lastReported, since } });
}
