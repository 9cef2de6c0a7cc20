import type { Express } from 'express';
import { createServer, type Server } from 'node:http';

export interface ServingApi {
  url: string;
  port: number;
  /** Stops accepting connections and lets in-flight requests finish (at most graceMs). */
  close(graceMs?: number): Promise<void>;
}

export class PortInUse extends Error {}

export function serveApi(app: Express, port: number, host = '0.0.0.0'): Promise<ServingApi> {
  const server: Server = createServer(app);
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUse(`PORT ${port} is already in use`) : error),
    );
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `http://127.0.0.1:${actual}`,
        port: actual,
        close: (graceMs = 10_000) =>
          new Promise<void>((done) => {
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
