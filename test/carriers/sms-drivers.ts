import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { messageWorkflowId } from '../../workflows/messages/contract.ts';
import { SMS } from '../helpers/carrier-simulator.ts';
import { PUBLIC_BASE_URL, reachable, type CarrierInbox, type CarrierWorld } from './carrier-world.ts';
import { twilioSid } from './fakes/twilio-fake.ts';

export interface SentSms {
  from: string;
  to: string;
  body: string;
}

/** An SMS to the inbox's number, delivered as its carrier delivers it; resolves once its workflow has run. */
export async function receiveSms(world: CarrierWorld, inbox: CarrierInbox, from: string, body: string): Promise<string> {
  let messageId: string;
  if (inbox.carrier === 'native') {
    messageId = `SM${randomUUID().replace(/-/g, '')}`;
    expect((await world.native.sendMessaging({ type: 'message.received', messageId, from, to: inbox.number, body })).status).toBe(202);
  } else if (inbox.carrier === 'telnyx') {
    messageId = randomUUID();
    const payload = {
      record_type: 'message', direction: 'inbound', id: messageId, type: 'SMS', text: body, received_at: new Date().toISOString(),
      from: { phone_number: from, carrier: 'T-Mobile USA', line_type: 'Wireless' }, to: [{ phone_number: inbox.number, status: 'webhook_delivered' }],
    };
    expect((await world.telnyx.send('message.received', payload)).status).toBe(200);
  } else {
    messageId = twilioSid('SM');
    const response = await world.twilio.post(reachable(world, `${PUBLIC_BASE_URL}/v1/carriers/twilio/messaging`),
      { MessageSid: messageId, SmsSid: messageId, From: from, To: inbox.number, Body: body, NumMedia: '0' }, { signedUrl: `${PUBLIC_BASE_URL}/v1/carriers/twilio/messaging` });
    expect(response).toMatchObject({ status: 200, text: '<?xml version="1.0" encoding="UTF-8"?><Response/>' });
  }
  await world.stack.client.workflow.getHandle(messageWorkflowId(messageId)).result();
  return messageId;
}

/** The SMS Switchboard sent from this inbox's number through its carrier (accepted ones). */
export function sentSms(world: CarrierWorld, inbox: CarrierInbox): SentSms[] {
  if (inbox.carrier === 'native') {
    return world.native.commands.filter((c) => c.callId === SMS && c.status < 300 && c.body.from === inbox.number)
      .map((c) => ({ from: String(c.body.from), to: String(c.body.to), body: String(c.body.body) }));
  }
  if (inbox.carrier === 'telnyx') {
    return world.telnyx.accepted((r) => r.path === '/messages' && r.body.from === inbox.number).map((r) => ({ from: String(r.body.from), to: String(r.body.to), body: String(r.body.text) }));
  }
  return world.twilio.requests.filter((r) => r.status < 300 && r.path.endsWith('/Messages.json') && r.params.From === inbox.number)
    .map((r) => ({ from: r.params.From!, to: r.params.To!, body: r.params.Body! }));
}
