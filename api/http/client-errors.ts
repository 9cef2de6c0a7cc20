import type { Duplex } from 'node:stream';
import { HttpProblem, problemDocument } from './problem.ts';

function problemFor(code: string | undefined): HttpProblem {
  if (code === 'HPE_HEADER_OVERFLOW') return new HttpProblem(431, 'Request Header Fields Too Large', 'The request line or headers are larger than 16 KB.');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new HttpProblem(408, 'Request Timeout', 'The request was not received in time.');
  return new HttpProblem(400, 'Bad Request', 'The request is not valid HTTP.');
}

/**
 * Node's HTTP parser refuses some requests before Express sees them (headers too large, too slow, not HTTP);
 * they get a problem document like every other error instead of Node's bare status line.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const problem = problemFor(error.code);
  const body = JSON.stringify(problemDocument(problem));
  socket.end(
    `HTTP/1.1 ${problem.status} ${problem.title}\r\nContent-Type: application/problem+json\r\n`
    + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
