import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { newId } from '../../db/ids.ts';
import type { SelfTestProgress } from '../../workflows/self-test.ts';
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

// The organization is part of the workflow id, so another organization's id can never resolve.
const workflowId = (orgId: string, id: string) => `self-test/${orgId}/${id}`;

export function selfTestRoutes(deps: ApiDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'post', path: '/v1/self-tests', summary: 'Run an end-to-end self-test of the engine', tags: ['operations'],
      access: 'admin', body: startBody,
      responses: { 202: { description: 'Started', schema: selfTestSchema } },
      handler: async ({ body, caller }) => {
        const id = newId('st');
        const handle = await deps.temporal.workflow.start('selfTestWorkflow', {
          taskQueue: deps.taskQueue,
          workflowId: workflowId(caller.orgId, id),
          args: [{ orgId: caller.orgId, delaySec: body.delaySec }],
        });
        return { status: 202, body: await describe(handle.workflowId, id) };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/self-tests/:id', summary: 'A self-test and its outcome', tags: ['operations'],
      access: 'supervisor', params: idParams,
      responses: { 200: { description: 'The self-test', schema: selfTestSchema } },
      handler: async ({ params, caller }) => ({ status: 200, body: await describe(workflowId(caller.orgId, params.id), params.id) }),
    }),
  ];

  async function describe(wfId: string, id: string) {
    const handle = deps.temporal.workflow.getHandle(wfId);
    try {
      const info = await handle.describe();
      const status = info.status.name === 'RUNNING' ? 'running' : info.status.name === 'COMPLETED' ? 'completed' : 'failed';
      const progress: SelfTestProgress | undefined =
        status === 'completed' ? await handle.result() : status === 'running' ? await handle.query<SelfTestProgress>('selfTestProgress').catch(() => undefined) : undefined;
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
