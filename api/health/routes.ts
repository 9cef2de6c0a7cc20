import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { HttpProblem } from '../http/problem.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';

const CHECK_TIMEOUT_MS = 2000;
const checks = z.object({ database: z.enum(['ok', 'failing']), temporal: z.enum(['ok', 'failing']) });

export function healthRoutes(deps: ApiDeps, openApiDocument: () => unknown): RouteSpec[] {
  return [
    defineRoute({
      method: 'get', path: '/healthz', summary: 'The process is alive', tags: ['operations'], access: 'public',
      responses: { 200: { description: 'Alive', schema: z.object({ status: z.literal('ok') }) } },
      handler: async () => ({ status: 200, body: { status: 'ok' } }),
    }),
    defineRoute({
      method: 'get', path: '/readyz', summary: 'The database and Temporal are reachable', tags: ['operations'], access: 'public',
      responses: {
        200: { description: 'Ready', schema: z.object({ status: z.literal('ready'), checks }) },
        503: { description: 'A dependency is unreachable', schema: z.object({ status: z.literal(503), checks }), contentType: 'application/problem+json' },
      },
      handler: async ({ req }) => {
        const [database, temporal] = await Promise.all([probe(deps.pingDatabase), probe(deps.pingTemporal)]);
        const result = { database: database ? 'ok' : 'failing', temporal: temporal ? 'ok' : 'failing' };
        if (database && temporal) return { status: 200, body: { status: 'ready', checks: result } };
        req.log.warn({ checks: result }, 'not ready');
        throw new HttpProblem(503, 'Service Unavailable', 'A dependency is unreachable.', { extra: { checks: result } });
      },
    }),
    defineRoute({
      method: 'get', path: '/metrics', summary: 'Prometheus metrics', tags: ['operations'], access: 'public',
      responses: { 200: { description: 'Prometheus text format', schema: z.string(), contentType: 'text/plain' } },
      handler: async () => ({ status: 200, body: await deps.metrics.metrics(), contentType: deps.metrics.contentType }),
    }),
    defineRoute({
      method: 'get', path: '/openapi.json', summary: 'This OpenAPI 3.1 document', tags: ['operations'], access: 'public',
      responses: { 200: { description: 'The OpenAPI document' } },
      handler: async () => ({ status: 200, body: openApiDocument() }),
    }),
  ];
}

async function probe(check: () => Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS)));
  try {
    await Promise.race([check(), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
