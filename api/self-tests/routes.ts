import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { newId } from '../../db/ids.ts';
import { selfTestProgressQuery, selfTestWorkflowId, type SelfTestProgress } from '../../workflows/self-test/contract.ts';
import { selfTestWorkflow } from '../../workflows/self-test/self-test-workflow.ts';
import type { ApiDeps } from '../deps.ts';
import { notFound } from '../http/problem.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { idParams, timestamp } from '../schemas.ts';

const startBody = z.strictObject({
  delaySec: z.number().int().min(0).max(3600).default(0).meta({ description: 'Wait this long on a durable timer before checking.' }),
});

const selfTestSchema = z
  .object({
    id: z.string(),
    status: z.enum(['running', 'completed', 'failed']),
    phase: z.enum(['waiting', 'checking', 'done']).nullable(),
    databaseRoundTripMs: z.number().nullable(),
    startedAt: timestamp,
    closedAt: timestamp.nullable(),
  })
  .meta({ id: 'SelfTest', description: 'An end-to-end check: API → Temporal → worker → database.' });

export function selfTestRoutes(deps: ApiDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'post', path: '/v1/self-tests', summary: 'Run an end-to-end self-test of the engine', tags: ['operations'],
      access: 'admin', body: startBody,
      responses: { 202: { description: 'Started', schema: selfTestSchema } },
      handler: async ({ body, caller }) => {
        const id = newId('st');
        const handle = await deps.temporal.workflow.start(selfTestWorkflow, {
          taskQueue: deps.taskQueue,
          workflowId: selfTestWorkflowId(caller.orgId, id),
          args: [{ orgId: caller.orgId, delaySec: body.delaySec }],
        });
        return { status: 202, body: await describe(handle.workflowId, id) };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/self-tests/:id', summary: 'A self-test and its outcome', tags: ['operations'],
      access: 'supervisor', params: idParams,
      responses: { 200: { description: 'The self-test', schema: selfTestSchema } },
      handler: async ({ params, caller }) => ({ status: 200, body: await describe(selfTestWorkflowId(caller.orgId, params.id), params.id) }),
    }),
  ];

  async function describe(wfId: string, id: string) {
    const handle = deps.temporal.workflow.getHandle<typeof selfTestWorkflow>(wfId);
    try {
      const info = await handle.describe();
      const status = info.status.name === 'RUNNING' ? 'running' : info.status.name === 'COMPLETED' ? 'completed' : 'failed';
      const progress: SelfTestProgress | undefined =
        status === 'completed' ? await handle.result() : status === 'running' ? await handle.query(selfTestProgressQuery).catch(() => undefined) : undefined;
      return {
        id,
        status,
        phase: progress?.phase ?? null,
        databaseRoundTripMs: progress?.databaseRoundTripMs ?? null,
        startedAt: info.startTime.toISOString(),
        closedAt: info.closeTime?.toISOString() ?? null,
      };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound('The self-test');
      throw error;
    }
  }
}
