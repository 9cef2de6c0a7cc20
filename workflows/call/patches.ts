// Changes to the call workflow since its histories were first recorded. Each one is taken behind patched(),
// so calls that began under the old code (and the histories in test/replay) replay unchanged.
export const callPatches = {
  /** An answer that arrives while cancel_ring is in flight connects the call. */
  answerDuringCancel: 'call-answer-during-cancel',
  /** An attempt's ring time counts from when the carrier accepted the ring, not from before its retries. */
  ringClockFromAcceptance: 'call-ring-clock-from-acceptance',
  /** The maximum wait leaves out the time the carrier took to accept each ring. */
  maxWaitFromAcceptance: 'call-max-wait-from-acceptance',
  /** A failed call nobody answered is told to the watchers as a missed call. */
  notifyFailedCall: 'call-notify-failed',
  /** routing.contactOwnerFirst: the contact's owner rings alone first. */
  contactOwnerFirst: 'contact-owner-first',
  /** A carrier command is retried while the caller is on the line (up to CALLER_HOLD_CAP), and withdrawn when they hang up. */
  commandsWhileCallerWaits: 'call-commands-while-caller-waits',
  /** Routing reads in one step; the call is recorded in its inbox with its first status, beside whom it rings first. */
  routeThenRecord: 'call-route-then-record',
  /** Routing records a call that opens by ringing in the same step, so the first ring waits for one step, not two. */
  routeAndRecord: 'call-route-and-record',
} as const;
