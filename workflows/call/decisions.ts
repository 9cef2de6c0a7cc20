import { condition, defineUpdate } from '@temporalio/workflow';
import type { CallCommand, CallDecision, LegCommand } from '../../domain/carriers.ts';
import type { VoiceEvent } from '../../domain/calls/voice-events.ts';

/** Delivers a carrier's events (none, to ask again) and answers the next decision. */
export const callDecisionUpdate = defineUpdate<CallDecision, [VoiceEvent[]]>('callDecision');

// Well inside Twilio's 15 s webhook limit, with room for the round trips around it.
const DECISION_WAIT_MS = 8000;

/** The call's decisions about the caller's leg, and which of them a waiting carrier has been given. */
export class CallerLegDecisions {
  private readonly list: (LegCommand & { seq: number })[] = [];
  private given = 0;
  /** Set once the call's outcome is known: nothing more will be decided. */
  concluded = false;

  add(command: CallCommand): void {
    if (command.command !== 'cancel_ring') this.list.push({ ...command, seq: this.list.length + 1 });
  }

  /** The newest decision not given yet (older ones are overtaken by it), as soon as there is one. */
  async next(): Promise<CallDecision> {
    await condition(() => this.given < this.list.length || this.concluded, DECISION_WAIT_MS);
    const newest = this.list.at(-1);
    const fresh = this.given < this.list.length;
    this.given = this.list.length;
    if (fresh && (!this.concluded || newest!.command === 'hangup')) return newest!;
    return this.concluded ? { command: 'end' } : { command: 'wait' };
  }
}
