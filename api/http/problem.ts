import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

export interface FieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem: thrown anywhere in a request, turned into application/problem+json in one place. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly errors?: FieldError[];
  readonly extra?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(
    status: number, title: string, detail: string,
    options: { errors?: FieldError[]; extra?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = options.errors;
    this.extra = options.extra;
    this.headers = options.headers;
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) => new HttpProblem(400, 'Bad Request', detail, { errors });
export const unauthorized = (detail = 'A valid API key is required: Authorization: Bearer <key>.') => new HttpProblem(401, 'Unauthorized', detail);
export const forbidden = (detail: string) => new HttpProblem(403, 'Forbidden', detail);
export const notFound = (what = 'The resource') => new HttpProblem(404, 'Not Found', `${what} does not exist.`);
export const conflict = (detail: string) => new HttpProblem(409, 'Conflict', detail);

const typeBase = 'https://switchboard.dev/problems/';
const slug = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** The RFC 9457 document of a problem. */
export function problemDocument(problem: HttpProblem) {
  return {
    type: `${typeBase}${slug(problem.title)}`,
    title: problem.title,
    status: problem.status,
    detail: problem.message,
    ...(problem.errors ? { errors: problem.errors } : {}),
    ...problem.extra,
  };
}

export function sendProblem(res: Parameters<RequestHandler>[1], problem: HttpProblem): void {
  if (problem.headers) res.set(problem.headers);
  res.status(problem.status).type('application/problem+json').json(problemDocument(problem));
}

export const notFoundHandler: RequestHandler = (req, res) =>
  sendProblem(res, new HttpProblem(404, 'Not Found', `No route for ${req.method} ${req.path}.`));

/** The one error handler: known problems as they are; anything else a 500 that reveals nothing. */
export function errorHandler(logger: Logger, fromForeignError: (error: unknown) => HttpProblem | undefined): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof HttpProblem) return sendProblem(res, error);
    const foreign = fromForeignError(error);
    if (foreign) {
      if (foreign.status >= 500) (req.log ?? logger).warn({ err: error }, foreign.message);
      return sendProblem(res, foreign);
    }
    (req.log ?? logger).error({ err: error }, 'unhandled error');
    sendProblem(res, new HttpProblem(500, 'Internal Server Error', `Something went wrong on our side. Request id: ${String(req.id ?? '')}.`));
  };
}
