import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

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

// However little of the caller's wait is left, a command gets this long: enough for an attempt lost with its
// worker (noticed at the 10 s start-to-close timeout) to be tried again on another.
const SHORTEST_COMMAND_WINDOW_MS = 30_000;

/**
 * Call commands to the carrier (ring, cancel, voicemail, hang up): retried for as long as they can still
 * matter to the caller (`windowMs`), after which the call fails and says why.
 */
export function callCarrierCommands(windowMs: number): ActivityOptions {
  return {
    startToCloseTimeout: '10 seconds',
    scheduleToCloseTimeout: Math.max(windowMs, SHORTEST_COMMAND_WINDOW_MS),
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
