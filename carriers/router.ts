import type { CarrierClient } from '../domain/carriers.ts';
import type { Database } from '../db/database.ts';
import { findInboxNumber } from '../db/inbox-numbers.ts';
import { accountFor, findCarrierCall } from './accounts.ts';
import { notConfigured } from './http.ts';
import type { CarrierSettings } from './settings.ts';
import { telnyxApi } from './telnyx/commands.ts';
import { sendTwilioSms } from './twilio/messages.ts';

/**
 * The carrier seam, outbound: a call's commands go to the carrier that brought the call, an SMS to the carrier
 * serving its sending number; everything else (and every native call and number) to our own protocol.
 */
export function createCarrierRouter(deps: { db: Database; settings: CarrierSettings; native: CarrierClient }): CarrierClient {
  const { db, settings, native } = deps;
  const telnyx = async (orgId: string) => {
    const account = await accountFor(db, settings, orgId, 'telnyx');
    if (!account) throw notConfigured('Telnyx');
    return telnyxApi({ db, apiUrl: settings.telnyx.apiUrl, account });
  };
  return {
    ...native,
    async sendCallCommand(callId, idempotencyKey, command, broughtBy) {
      // Twilio takes every decision about the caller's leg as TwiML in its webhook's answer (the call's
      // decision update), and ends a <Dial>'s other legs itself: nothing to send.
      if (broughtBy === 'twilio') return;
      // Routing read which carrier brought the call: a native call's commands (its first ring among them) go out
      // without looking that up again. A Telnyx call's need its stored legs; a call routed before routing read
      // its carrier is looked up.
      const call = broughtBy === 'native' ? undefined : await findCarrierCall(db, callId);
      if (!call) return native.sendCallCommand(callId, idempotencyKey, command);
      if (call.carrier === 'twilio') return;
      return (await telnyx(call.orgId)).sendCallCommand(call, idempotencyKey, command);
    },
    async sendMessage(idempotencyKey, message) {
      const line = await findInboxNumber(db, message.from);
      if (!line || line.carrier === 'native') return native.sendMessage(idempotencyKey, message);
      if (line.carrier === 'telnyx') return (await telnyx(line.orgId)).sendMessage(message);
      const account = await accountFor(db, settings, line.orgId, 'twilio');
      if (!account) throw notConfigured('Twilio');
      const statusCallback = settings.publicBaseUrl ? `${settings.publicBaseUrl.replace(/\/$/, '')}/v1/carriers/twilio/message-status` : undefined;
      return sendTwilioSms(settings.twilio.apiUrl, account, message, statusCallback);
    },
  };
}
