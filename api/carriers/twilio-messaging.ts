import { incomingMessage, messageStatus } from '../../carriers/twilio/webhook.ts';
import { twimlDocument } from '../../carriers/twilio/twiml.ts';
import { messageEventSchema, type MessageEvent } from '../../domain/messages/message-events.ts';
import { badRequest } from '../http/problem.ts';
import { defineRoute, toFieldErrors, type RouteSpec } from '../http/route.ts';
import { deliverMessageEvent } from '../deliver-events.ts';
import { ownerByNumber, twiml, twilioForm, verifyTwilio, type TwilioDeps } from './twilio-request.ts';

function checked(event: MessageEvent): MessageEvent {
  const parsed = messageEventSchema.safeParse(event);
  if (!parsed.success) throw badRequest('The request does not carry what Switchboard needs.', toFieldErrors(parsed.error));
  return parsed.data;
}

/** Twilio Programmable Messaging: inbound SMS, and the delivery status of those Switchboard sends. */
export function twilioMessagingRoutes(deps: TwilioDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'post', path: '/v1/carriers/twilio/messaging', summary: "A Twilio number's Messaging URL: an inbound SMS", tags: ['carriers'], access: 'public',
      body: twilioForm,
      responses: { 200: { description: 'Empty TwiML: replies go out through the Messages API', contentType: 'text/xml' }, 403: { description: 'Bad or missing signature: nothing starts' } },
      handler: async ({ body, req }) => {
        await verifyTwilio(deps, await ownerByNumber(deps, body.To), req, body);
        await deliverMessageEvent(deps, checked(incomingMessage(body)));
        return twiml(twimlDocument([]));
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/carriers/twilio/message-status', summary: 'Delivery status of an SMS sent through Twilio', tags: ['carriers'], access: 'public',
      body: twilioForm,
      responses: { 204: { description: 'Recorded' }, 403: { description: 'Bad or missing signature' } },
      handler: async ({ body, req }) => {
        // The sender is ours: the organization is the one owning it.
        await verifyTwilio(deps, await ownerByNumber(deps, body.From), req, body);
        const event = messageStatus(body);
        if (event) await deliverMessageEvent(deps, checked(event));
        return { status: 204 };
      },
    }),
  ];
}
