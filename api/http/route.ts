import type { Express } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Authorize, Access, Caller, OrgCaller } from './auth.ts';
import { badRequest, type FieldError } from './problem.ts';
import { resolveResource, type ResourceSpec } from './resource.ts';
import { assertAcceptableText } from './text-guard.ts';

type CallerFor<A extends Access> = A extends 'public' | 'carrier' ? undefined : A extends 'platform' ? Extract<Caller, { kind: 'platform' }> : OrgCaller;
type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteResult {
  status: number;
  body?: unknown;
  /** Non-JSON answers (metrics, for one) set the content type and send body as it is. */
  contentType?: string;
}

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
}

type RouteInput<A extends Access, P, Q, B> = { params: Infer<P>; query: Infer<Q>; body: Infer<B>; caller: CallerFor<A> };

/** What a handler may read of the request beyond its parsed input: a header (Idempotency-Key), and the request's logger. */
export interface RouteRequest {
  get(name: string): string | undefined;
  log: Logger;
  /** What a carrier signed, for the webhook routes that verify it (absent on the console's in-process requests). */
  originalUrl?: string;
  protocol?: string;
  rawBody?: Buffer;
}

/** A request as a route reads it: Express's, or one the console makes in process. */
type RawRequest = RouteRequest & { params: unknown; query: unknown; body: unknown };

export interface RouteSpec<A extends Access = Access, P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path, e.g. /v1/api-keys/:id */
  path: string;
  summary: string;
  tags: string[];
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  responses: Record<number, ResponseSpec>;
  /** The resource the route acts on; the handler receives it, and none found is a 404. */
  resource?: ResourceSpec<RouteInput<A, P, Q, B>, R>;
  handler(input: RouteInput<A, P, Q, B> & { resource: R; req: RouteRequest }): Promise<RouteResult>;
}

/** One declaration per route: it validates input, authorizes the caller, finds its resource, and documents itself in OpenAPI. */
export function defineRoute<
  A extends Access,
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R = undefined,
>(spec: RouteSpec<A, P, Q, B, R>): RouteSpec {
  return spec as unknown as RouteSpec;
}

export function mountRoutes(app: Express, routes: RouteSpec[], authorize: Authorize): void {
  for (const route of routes) {
    app[route.method](route.path, async (req, res) => {
      // Authentication comes before validation, so an anonymous caller learns nothing about the input rules.
      const caller = await authorize(req, route.access);
      const result = await runRoute(route, caller, req);
      if (result.contentType) res.status(result.status).type(result.contentType).send(result.body);
      else if (result.body === undefined) res.status(result.status).end();
      else res.status(result.status).json(result.body);
    });
  }
}

/**
 * A route's steps once its caller is admitted: the text guard, validation, its resource, its handler. The
 * console runs API routes through this too, so a page and the API apply one set of rules.
 */
export async function runRoute(route: RouteSpec, caller: Caller | undefined, req: RawRequest): Promise<RouteResult> {
  assertAcceptableText(req);
  const params = parse(route.params, req.params, 'path parameters');
  const query = parse(route.query, req.query, 'query string');
  const body = parse(route.body, req.body ?? {}, 'request body');
  const resource = await resolveResource(route.resource, { params, query, body, caller: caller as never });
  return route.handler({ params, query, body, caller: caller as never, resource, req });
}

function parse(schema: unknown, value: unknown, where: string): never {
  if (!schema) return undefined as never;
  const parsed = (schema as z.ZodType).safeParse(value);
  if (parsed.success) return parsed.data as never;
  throw badRequest(`The ${where} is not valid.`, toFieldErrors(parsed.error));
}

export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
}
