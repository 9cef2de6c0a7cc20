import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createCallActivities } from '../../activities/calls.ts';
import type { createNotificationRequestActivities } from '../../activities/notification-requests.ts';
import { callDatabaseSteps, callerLegCommands } from '../activity-options.ts';

type CallActivities = ReturnType<typeof createCallActivities> & ReturnType<typeof createNotificationRequestActivities>;

/** Short database steps, run as local activities: the time from webhook to first ring depends on them. */
export const databaseSteps = proxyLocalActivities<Omit<CallActivities, 'sendCallCommand'>>(callDatabaseSteps);
/** Commands to the carrier leave the process and may be slow: ordinary activities, retried with backoff while the caller is on the line. */
export const carrierCommands = proxyActivities<Pick<CallActivities, 'sendCallCommand'>>(callerLegCommands);
