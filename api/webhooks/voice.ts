import { z } from 'zod';
import { carrierVoiceEventSchema } from '../../domain/calls/outbound-call-events.ts';
import { voiceEventSchema } from '../../domain/calls/voice-events.ts';
import { deliverVoiceEvent } from '../deliver-events.ts';
import type { ApiDeps } from '../deps.ts';
import { badRequest } from '../http/problem.ts';
import { defineRoute, toFieldErrors, type RouteSpec } from '../http/route.ts';
import { deliverToOutboundCall } from './outbound-call-events.ts';
import { assertNumberOwned } from './owned-number.ts';

const accepted = z.object({ workflowId: z.string() }).meta({ id: 'WebhookAccepted' });

export function voiceWebhookRoutes(deps: ApiDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'post', path: '/v1/webhooks/voice', summary: 'A carrier voice event (signed)', tags: ['webhooks'], access: 'carrier',
      body: carrierVoiceEventSchema,
      responses: {
        202: { description: 'Durably handed to the call workflow (an outbound call\'s, for a call Switchboard placed); routing happens after this answer', schema: accepted },
        404: { description: 'call.initiated for a number no inbox owns' },
      },
      handler: async ({ body }) => {
        const outbound = await deliverToOutboundCall(deps.temporal, body);
        if (outbound) return { status: 202, body: { workflowId: outbound } };
        const parsed = voiceEventSchema.safeParse(body);
        if (!parsed.success) throw badRequest('The request body is not valid.', toFieldErrors(parsed.error));
        const event = parsed.data;
        // Any event may arrive first (carriers reorder), so every event can start the workflow. The dialed
        // number's owner is looked up while the event is handed over rather than before: a call to a number
        // nobody owns is still answered 404, and its workflow, finding no inbox, ends at once as failed.
        const [workflowId] = await Promise.all([
          deliverVoiceEvent(deps, event),
          event.type === 'call.initiated' ? assertNumberOwned(deps.db, event.to) : undefined,
        ]);
        return { status: 202, body: { workflowId } };
      },
    }),
  ];
}
