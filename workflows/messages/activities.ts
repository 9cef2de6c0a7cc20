import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createNotificationRequestActivities } from '../../activities/notification-requests.ts';
import type { createMessageActivities } from '../../activities/messages.ts';
import { messageCarrierCommands, messageDatabaseSteps } from '../activity-options.ts';

type Activities = ReturnType<typeof createMessageActivities> & ReturnType<typeof createNotificationRequestActivities>;

// Database steps in the worker; the carrier, which may be down for a while, as retried activities.
export const databaseSteps = proxyLocalActivities<Omit<Activities, 'sendSms'>>(messageDatabaseSteps);
export const carrierCommands = proxyActivities<Pick<Activities, 'sendSms'>>(messageCarrierCommands);
