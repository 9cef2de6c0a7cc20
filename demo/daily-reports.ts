import { DateTime } from 'luxon';
import { setTimeout as delay } from 'node:timers/promises';
import type { ApiClient } from './api-client.ts';
import { demoOrg, playedDay, reportRecipients } from './day-script.ts';

// Far enough ahead that the policy is stored before the time comes.
const LEAD_SEC = 4;

/**
 * Turns on each inbox's daily report with a send time a few seconds from now, so the report schedule itself
 * mails the played day's report (it always reports the previous local day). Past local midnight that would
 * be another day, so then the report is sent on demand instead. Resolves once every report email is sent.
 */
export async function sendDailyReports(api: ApiClient, inboxIds: string[], day: string, onProgress: (line: string) => void): Promise<void> {
  const sendAt = DateTime.now().setZone(demoOrg.timezone).plus({ seconds: LEAD_SEC });
  const scheduled = playedDay(sendAt.toJSDate()) === day;
  for (const inboxId of inboxIds) {
    await api.request('PUT', `/v1/inboxes/${inboxId}/policies/reports`, {
      dailyActivity: { enabled: true, sendAt: sendAt.toFormat('HH:mm:ss'), recipients: reportRecipients },
    });
    if (!scheduled) await api.request('POST', `/v1/inboxes/${inboxId}/reports/daily/send`, { date: day });
  }
  onProgress(scheduled ? `scheduled for ${sendAt.toFormat('HH:mm:ss')} ${demoOrg.timezone}` : 'sent on demand (the local day has turned)');
  const deadline = Date.now() + 90_000;
  for (const inboxId of inboxIds) {
    for (;;) {
      const report = await api.request<{ emails: { status: string }[] }>('GET', `/v1/inboxes/${inboxId}/reports/daily?date=${day}`);
      if (report.emails.length && report.emails.every((e) => e.status === 'sent')) break;
      if (Date.now() > deadline) throw new Error(`the daily report of ${day} was not mailed within 90 s`);
      await delay(250);
    }
  }
}
