import type { VoiceEvent } from '../../domain/calls/voice-events.ts';

type Of<T extends VoiceEvent['type']> = Extract<VoiceEvent, { type: T }>;

/** The call's carrier events, deduplicated, in arrival order, with the questions the workflow asks of them. */
export class CallEvents {
  readonly list: VoiceEvent[] = [];

  first<T extends VoiceEvent['type']>(type: T, where: (event: Of<T>) => boolean = () => true, fromIndex = 0): Of<T> | undefined {
    return this.list.slice(fromIndex).find((e): e is Of<T> => e.type === type && where(e as Of<T>));
  }

  callerHangup() {
    return this.first('call.hangup', (e) => e.party === 'caller');
  }

  /** The earliest answer (by when it happened) from anyone rung, unless the caller had already hung up. */
  answer(rung: Set<string>) {
    const hangup = this.callerHangup();
    return this.list
      .filter((e): e is Of<'call.answered'> => e.type === 'call.answered' && rung.has(e.userId))
      .filter((e) => !hangup || Date.parse(e.occurredAt) <= Date.parse(hangup.occurredAt))
      .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt))[0];
  }

  declined(userId: string, sinceIndex = 0) {
    return !!this.first('call.declined', (e) => e.userId === userId, sinceIndex);
  }

  declinedAll(group: string[], sinceIndex: number) {
    return group.every((userId) => this.declined(userId, sinceIndex));
  }
}
