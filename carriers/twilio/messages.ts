import type { OutboundSms } from '../../domain/carriers.ts';
import { carrierRequest } from '../http.ts';
import type { TwilioAccount } from '../settings.ts';

/** Sends an SMS through Twilio's Messages API; its status callbacks come back to `statusCallback`. */
export async function sendTwilioSms(apiUrl: string, account: TwilioAccount, message: OutboundSms, statusCallback?: string): Promise<{ messageId: string }> {
  const form = new URLSearchParams({ To: message.to, From: message.from, Body: message.body, ...(statusCallback ? { StatusCallback: statusCallback } : {}) });
  const response = await carrierRequest(`${apiUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}/Messages.json`, {
    method: 'POST', what: 'the message',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64')}` },
    body: form.toString(),
  });
  const { sid } = (await response.json()) as { sid?: string };
  if (!sid) throw new Error('Twilio accepted the message without a sid');
  return { messageId: sid };
}
