import { proxyLocalActivities } from '@temporalio/workflow';
import type { createNotificationRequestActivities } from '../../activities/notification-requests.ts';
import { notificationDatabaseSteps } from '../activity-options.ts';
import { deliverEmails } from '../mail/deliver-emails.ts';
import type { NotificationInput, NotificationOutcome } from './contract.ts';

const local = proxyLocalActivities<ReturnType<typeof createNotificationRequestActivities>>(notificationDatabaseSteps);

/** Mails one notification (a missed call, a voicemail…) to the inbox's watchers, once each. */
export async function notificationWorkflow(input: NotificationInput): Promise<NotificationOutcome> {
  const keys = await local.planNotificationEmails(input);
  const outcome = await deliverEmails(keys);
  await local.markNotificationDelivered(input);
  return outcome;
}
