import type { Express } from 'express';
import { createServer, type Server } from 'node:http';
import { answerClientError } from './http/client-errors.ts';

/** Emitted on the HTTP server when it starts to shut down. */
export const SHUTDOWN_EVENT = 'switchboard:shutdown';

export interface ServingApi {
  url: string;
  port: number;
  /** Stops accepting connections and lets in-flight requests finish (at most graceMs). */
  close(graceMs?: number): Promise<void>;
}

/** How long a client may take to send its request: Node's own defaults hold a slow body for 300 s. */
export interface RequestTimeouts {
  headersMs: number;
  requestMs: number;
}

export class PortInUse extends Error {}

export function serveApi(app: Express, port: number, host: string | undefined, timeouts: RequestTimeouts): Promise<ServingApi> {
  // Node checks the timeouts on this interval: keep it well inside the shortest one.
  const server: Server = createServer({ connectionsCheckingInterval: Math.min(1000, timeouts.headersMs / 2) }, app);
  server.headersTimeout = timeouts.headersMs;
  server.requestTimeout = timeouts.requestMs;
  server.keepAliveTimeout = 65_000;
  server.on('clientError', answerClientError);
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUse(`PORT ${port} is already in use`) : error),
    );
    server.listen(port, host ?? '0.0.0.0', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `http://127.0.0.1:${actual}`,
        port: actual,
        close: (graceMs = 10_000) =>
          new Promise<void>((done) => {
            // Long-lived answers (the console's live streams) end themselves on this, before the grace runs out.
            server.emit(SHUTDOWN_EVENT);
            const force = setTimeout(() => server.closeAllConnections(), graceMs);
            server.close(() => {
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}
