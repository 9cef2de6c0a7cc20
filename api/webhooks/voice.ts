import { z } from 'zod';
import { voiceEventSchema } from '../../domain/calls/voice-events.ts';
import { callWorkflow } from '../../workflows/call/call-workflow.ts';
import { callWorkflowId, voiceEventSignal } from '../../workflows/call/contract.ts';
import { signalWithStartOnce } from '../../workflows/client/start-workflow.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { assertNumberOwned } from './owned-number.ts';

const accepted = z.object({ workflowId: z.string() }).meta({ id: 'WebhookAccepted' });

export function voiceWebhookRoutes(deps: ApiDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'post', path: '/v1/webhooks/voice', summary: 'A carrier voice event (signed)', tags: ['webhooks'], access: 'carrier',
      body: voiceEventSchema,
      responses: {
        202: { description: 'Durably handed to the call workflow; routing happens after this answer', schema: accepted },
        404: { description: 'call.initiated for a number no inbox owns' },
      },
      handler: async ({ body }) => {
        if (body.type === 'call.initiated') await assertNumberOwned(deps.db, body.to);
        const workflowId = callWorkflowId(body.callId);
        // Any event may arrive first (carriers reorder), so every event can start the workflow.
        await signalWithStartOnce(deps.temporal, callWorkflow, {
          workflowId, taskQueue: deps.taskQueue, args: [{ callId: body.callId }], signal: voiceEventSignal, signalArgs: [body],
        });
        return { status: 202, body: { workflowId } };
      },
    }),
  ];
}
