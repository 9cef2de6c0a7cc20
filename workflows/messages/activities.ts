import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createNotificationRequestActivities } from '../../activities/notification-requests.ts';
import type { createMessageActivities } from '../../activities/messages.ts';

type Activities = ReturnType<typeof createMessageActivities> & ReturnType<typeof createNotificationRequestActivities>;
const retry = { initialInterval: '250 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' } as const;

// Database steps in the worker; the carrier, which may be down for a while, as retried activities.
export const local = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds', retry: { ...retry, maximumAttempts: 10 } });
export const remote = proxyActivities<Activities>({ startToCloseTimeout: '10 seconds', scheduleToCloseTimeout: '1 hour', retry });
