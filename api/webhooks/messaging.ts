import { z } from 'zod';
import { messageEventSchema } from '../../domain/messages/message-events.ts';
import { deliverMessageEvent } from '../deliver-events.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { assertNumberOwned } from './owned-number.ts';

export function messagingWebhookRoutes(deps: ApiDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'post', path: '/v1/webhooks/messaging', summary: 'A carrier messaging event (signed)', tags: ['webhooks'], access: 'carrier',
      body: messageEventSchema,
      responses: {
        202: { description: 'Accepted: handed to the message workflow, or the status recorded', schema: z.object({ workflowId: z.string().nullable() }) },
        404: { description: 'message.received for a number no inbox owns' },
      },
      handler: async ({ body }) => {
        if (body.type === 'message.received') await assertNumberOwned(deps.db, body.to);
        // A carrier retry of a message we already have is applied once; statuses keep the latest by when it happened.
        return { status: 202, body: { workflowId: await deliverMessageEvent(deps, body) } };
      },
    }),
  ];
}
