import { and, eq, inArray } from 'drizzle-orm';
import type { CallCommand, OutboundSms } from '../../domain/carriers.ts';
import type { Database } from '../../db/database.ts';
import { carrierCallLegs } from '../../db/schema/index.ts';
import type { CarrierCall } from '../accounts.ts';
import { carrierRequest } from '../http.ts';
import type { TelnyxAccount } from '../settings.ts';
import { encodeLegState } from './webhook.ts';

// Telnyx answers 422 to a command on a leg that has already ended: for a cancel or a hang-up, that is done.
const alreadyEnded = (status: number) => status === 422;

/** Telnyx Call Control v2 and Messaging v2, for one account. Every command carries a command_id derived from its idempotency key. */
export function telnyxApi(deps: { db: Database; apiUrl: string; account: TelnyxAccount }) {
  const { db, account } = deps;
  const post = async (path: string, body: object, what: string, accept?: (status: number) => boolean) => {
    const response = await carrierRequest(`${deps.apiUrl.replace(/\/$/, '')}/v2${path}`, {
      method: 'POST', what, accept,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${account.apiKey}` },
      body: JSON.stringify(body),
    });
    return (await response.json().catch(() => ({}))) as { data?: { call_control_id?: string; id?: string } };
  };
  const action = (leg: string, name: string, body: object, accept?: (status: number) => boolean) =>
    post(`/calls/${encodeURIComponent(leg)}/actions/${name}`, body, name, accept);
  // The caller's leg is answered once, whichever decision needs it first (ringing or voicemail).
  const answerCaller = (call: CarrierCall & { callerLeg: string }) => action(call.callerLeg, 'answer', { command_id: `${call.callId}:answer` });

  return {
    async sendCallCommand(call: CarrierCall, key: string, command: CallCommand): Promise<void> {
      if (!call.callerLeg) throw new Error(`the Telnyx call ${call.callId} has no caller leg on record`);
      const caller = { ...call, callerLeg: call.callerLeg };
      switch (command.command) {
        case 'ring': {
          await answerCaller(caller);
          // One leg per agent, bridged to the caller by Telnyx as soon as the agent answers.
          for (const target of command.targets) {
            const { data } = await post('/calls', {
              connection_id: account.connectionId ?? call.connectionId, to: target.phone ?? target.sipUri, from: call.number,
              timeout_secs: command.timeoutSec, link_to: call.callerLeg, bridge_on_answer: true,
              client_state: encodeLegState({ callId: call.callId, userId: target.userId }), command_id: `${key}:${target.userId}`,
            }, 'the ring');
            if (data?.call_control_id) {
              await db.insert(carrierCallLegs).values({ callId: call.callId, userId: target.userId, legId: data.call_control_id }).onConflictDoNothing();
            }
          }
          return;
        }
        case 'cancel_ring': {
          const legs = await db.select().from(carrierCallLegs).where(and(eq(carrierCallLegs.callId, call.callId), inArray(carrierCallLegs.userId, command.userIds)));
          for (const leg of legs) await action(leg.legId, 'hangup', { command_id: `${key}:${leg.legId}` }, alreadyEnded);
          return;
        }
        case 'voicemail':
          await answerCaller(caller);
          await action(call.callerLeg, 'speak', { payload: command.greeting, voice: 'female', language: 'en-US', command_id: `${key}:speak` });
          await action(call.callerLeg, 'record_start', { format: 'mp3', channels: 'single', max_length: command.maxLengthSec, play_beep: true, command_id: `${key}:record` });
          return;
        case 'hangup':
          await action(call.callerLeg, 'hangup', { command_id: key }, alreadyEnded);
      }
    },

    async sendMessage(message: OutboundSms): Promise<{ messageId: string }> {
      const { data } = await post('/messages', { from: message.from, to: message.to, text: message.body }, 'the message');
      if (!data?.id) throw new Error('Telnyx accepted the message without an id');
      return { messageId: data.id };
    },
  };
}
