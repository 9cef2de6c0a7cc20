import type { CallContext } from './call-context.ts';

/**
 * The caller's maximum wait, which bounds the ringing phase (docs/api.md, routing's `maxWaitSec`). It counts
 * from the first ring, leaving out the time the carrier took to accept each ring: agents are not ringing
 * while their ring is retried, so an outage does not leave them a fraction of a second to answer.
 */
export class MaxWait {
  private readonly call: CallContext;
  private readonly started: number;
  private notRingingMs = 0;

  constructor(call: CallContext, started: number) {
    this.call = call;
    this.started = started;
  }

  deadline(): number {
    return this.started + this.call.policy.maxWaitSec * 1000 + this.notRingingMs;
  }

  /** Leaves this long (the carrier accepting a ring) out of the wait. */
  exclude(ms: number): void {
    this.notRingingMs += ms;
  }
}
