import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { messageStatuses } from '../../db/schema/index.ts';
import { messageEventSchema } from '../../domain/messages/message-events.ts';
import { startOnce } from '../../workflows/client/start-workflow.ts';
import { messageWorkflowId } from '../../workflows/messages/contract.ts';
import { messageWorkflow } from '../../workflows/messages/message-workflow.ts';
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
        if (body.type === 'message.status') {
          // The latest status by when it happened wins, whatever order the carrier delivers them in.
          await deps.db.insert(messageStatuses).values({ messageId: body.messageId, status: body.status, occurredAt: new Date(body.occurredAt) })
            .onConflictDoUpdate({
              target: messageStatuses.messageId,
              set: { status: sql`excluded.status`, occurredAt: sql`excluded.occurred_at` },
              setWhere: sql`excluded.occurred_at > ${messageStatuses.occurredAt} or (excluded.occurred_at = ${messageStatuses.occurredAt} and excluded.status = 'failed')`,
            });
          return { status: 202, body: { workflowId: null } };
        }
        await assertNumberOwned(deps.db, body.to);
        const workflowId = messageWorkflowId(body.messageId);
        // A carrier retry of a message we already have is applied once.
        await startOnce(deps.temporal, messageWorkflow, { workflowId, taskQueue: deps.taskQueue, args: [body] });
        return { status: 202, body: { workflowId } };
      },
    }),
  ];
}
