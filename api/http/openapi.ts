import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { RouteSpec } from './route.ts';

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem document.' });

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });

/** The OpenAPI 3.1 document, generated from the same route declarations and zod schemas that validate requests. */
export function buildOpenApiDocument(routes: RouteSpec[], version: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const responses: Record<string, object> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      responses[status] = spec.schema
        ? { description: spec.description, content: { [spec.contentType ?? 'application/json']: { schema: spec.schema } } }
        : { description: spec.description };
    }
    if (route.params || route.query || route.body) responses['400'] ??= problem('The input is not valid; `errors` lists each field.');
    if (route.access === 'carrier') responses['401'] ??= problem('Missing, stale or wrong X-Switchboard-Signature.');
    else if (route.access !== 'public') {
      responses['401'] ??= problem('Missing or unknown API key.');
      responses['403'] ??= problem('The key may not call this route.');
    }
    if (route.params) responses['404'] ??= problem('No such resource in your organization.');
    responses['429'] ??= problem('Too many requests from this address or key, or failed authentications; wait Retry-After seconds.');
    responses['500'] ??= problem('An unexpected error; the detail carries a request id.');
    responses['503'] ??= problem('A dependency (the database) is unavailable; retry after Retry-After seconds.');
    const operation: ZodOpenApiOperationObject = {
      operationId: `${route.method}${route.path.replace(/[/:-](\w)/g, (_, c: string) => c.toUpperCase())}`,
      summary: route.summary,
      tags: route.tags,
      ...(route.access === 'public' || route.access === 'carrier' ? { security: [] } : {}),
      ...(route.params || route.query
        ? { requestParams: { ...(route.params ? { path: route.params as z.ZodObject } : {}), ...(route.query ? { query: route.query as z.ZodObject } : {}) } }
        : {}),
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: route.body as z.ZodType } } } } : {}),
      responses: responses as ZodOpenApiOperationObject['responses'],
    };
    paths[path] = { ...paths[path], [route.method]: operation };
  }
  return createDocument({
    openapi: '3.1.0',
    info: { title: 'Switchboard API', version, description: 'Inbox automation engine for business phone and SMS platforms.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An organization API key, or the platform key.' } } },
    paths,
  });
}
