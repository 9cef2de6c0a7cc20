import { HttpProblem, badRequest } from './problem.ts';

/** Seconds a client is asked to wait before retrying while a dependency is down. */
const UNAVAILABLE_RETRY_AFTER_SEC = 5;

// Connection failures of postgres.js and Node sockets, and PostgreSQL's own "cannot serve now" codes
// (class 08 connection exceptions are matched by prefix).
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN',
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
  '57P01', '57P02', '57P03', '53300',
]);

interface ForeignError {
  type?: unknown;
  status?: unknown;
  code?: unknown;
  limit?: unknown;
  cause?: unknown;
}

/**
 * Errors raised outside our handlers (body parser, router, database driver), turned into the problem a
 * client should see; undefined for a real bug. Their messages are never passed on: they can echo SQL or input.
 */
export function problemFromForeignError(error: unknown): HttpProblem | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const known = fromBodyParser(error as ForeignError);
  if (known) return known;
  const status = (error as ForeignError).status;
  // http-errors (router, raw-body, zlib failures wrapped by body-parser) mark client errors with a 4xx status.
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (isDecompressionError(error)) return badRequest('The request body is not encoded as its Content-Encoding header says.');
    if (error instanceof URIError) return badRequest('The request path has a malformed percent-escape.');
    return new HttpProblem(status, status === 400 ? 'Bad Request' : 'Client Error', 'The request could not be read.');
  }
  if (dependencyUnavailable(error)) {
    return new HttpProblem(503, 'Service Unavailable', 'A service this request needs is unavailable for now; retry later.', {
      headers: { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SEC) },
    });
  }
  return undefined;
}

function fromBodyParser(error: ForeignError): HttpProblem | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return badRequest('The request body is not valid JSON.');
    case 'entity.too.large':
      return new HttpProblem(413, 'Content Too Large', `The request body is larger than ${String(error.limit)} bytes.`);
    case 'encoding.unsupported':
      return new HttpProblem(415, 'Unsupported Media Type', 'The Content-Encoding is not supported: use gzip, deflate, br or none.');
    case 'charset.unsupported':
      return new HttpProblem(415, 'Unsupported Media Type', 'The request body must be UTF-8 JSON.');
    default:
      return undefined;
  }
}

function isDecompressionError(error: object): boolean {
  return causes(error).some((e) => typeof e.code === 'string' && (e.code.startsWith('Z_') || e.code.startsWith('ERR_BROTLI') || e.code.startsWith('ERR__ERROR')));
}

function dependencyUnavailable(error: object): boolean {
  return causes(error).some((e) => typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code)));
}

/** The error and its causes (drizzle wraps the driver's error), a few levels deep. */
function causes(error: object): ForeignError[] {
  const chain: ForeignError[] = [];
  for (let e: unknown = error; typeof e === 'object' && e !== null && chain.length < 5; e = (e as ForeignError).cause) chain.push(e as ForeignError);
  return chain;
}
