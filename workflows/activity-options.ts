import { ActivityCancellationType, type ActivityOptions, type LocalActivityOptions } from '@temporalio/workflow';

// Timeouts and retries for every workflow's activities, side by side so they can be compared and tuned
// together. Local activities are short database steps run in the worker, without a round trip through the
// Temporal server; ordinary activities leave the process (carrier, SMTP) and may be slow or down a while.

/**
 * Call database steps: the time from webhook to first ring depends on them. Retried until the database is
 * back, however long it is down: a call cannot end without its record.
 */
export const callDatabaseSteps: LocalActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '250 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
};

/**
 * The longest a carrier keeps an inbound call nobody has answered: the phone network clears an unanswered call
 * after at most 3 minutes (ISUP's awaiting-answer timer T9 is 90–180 s; a SIP proxy's INVITE timer C is a
 * little over 3 minutes). Past this, a caller the carrier could not be reached for is gone even if the carrier
 * never told us; before it, giving up would drop a caller who is still listening.
 */
export const CALLER_HOLD_CAP = '5 minutes';

/**
 * Commands about an inbound caller's leg (ring, cancel, voicemail, hang up): retried for as long as they can
 * still matter, that is while the caller is on the line. The call workflow cancels a command the moment the
 * caller hangs up (at once, without waiting for an attempt in flight: TRY_CANCEL); the cap bounds the rest,
 * after which the call fails and says why.
 */
export const callerLegCommands: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: CALLER_HOLD_CAP,
  retry: { initialInterval: '250 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds' },
  cancellationType: ActivityCancellationType.TRY_CANCEL,
};

/** Commands of an outbound call (place it, hang it up): retried with backoff for `windowMs`, after which the call fails and says why. */
export function callCarrierCommands(windowMs: number): ActivityOptions {
  return {
    startToCloseTimeout: '10 seconds',
    scheduleToCloseTimeout: windowMs,
    retry: { initialInterval: '250 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds' },
  };
}

/** Message database steps (store, thread, record): retried until the database is back, however long it is down. */
export const messageDatabaseSteps: LocalActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '250 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
};

/** SMS sent through the carrier: retried for up to an hour while it is down. */
export const messageCarrierCommands: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '250 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
};

/** Auto-mark-as-read batches: a batch may clear thousands of rows. */
export const autoReadDatabaseSteps: LocalActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
};

/** Planning and closing a notification's emails. */
export const notificationDatabaseSteps: LocalActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

/** Daily report planning and preparation: a report reads a day of an inbox's activity. */
export const reportDatabaseSteps: LocalActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

/**
 * Sending one email: SMTP may be down for hours, so it is retried with backoff until it goes; it heartbeats
 * while it sends so a dead worker is noticed quickly. Permanent failures do not throw.
 */
export const emailSending: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '2 minutes' },
};

/** The self-test's database check. */
export const selfTestCheck: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5 },
};
