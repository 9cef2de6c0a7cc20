import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/** A TCP proxy in front of PostgreSQL that the test can cut and restore: the database "goes down". */
class DatabaseLink {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;
  private readonly target: { host: string; port: number };

  constructor(target: { host: string; port: number }) {
    this.target = target;
  }

  async up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async down(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server!.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

const databaseUrl = process.env.DATABASE_URL;
let link: DatabaseLink;
let stack: TestStack;

// PGlite lives inside the process and cannot go down: this needs PostgreSQL.
describe.skipIf(!databaseUrl)('the database going down', () => {
  beforeAll(async () => {
    const url = new URL(databaseUrl!);
    link = new DatabaseLink({ host: url.hostname, port: Number(url.port || 5432) });
    await link.up();
    url.host = `127.0.0.1:${link.port}`;
    stack = await startTestStack({ worker: false, databaseUrl: url.toString() });
  });
  afterAll(async () => {
    await stack?.stop();
    await link?.down().catch(() => {});
  });

  it('answers 503 with Retry-After (a problem document, no SQL) while it is down, and serves again when it is back', async () => {
    const { adminKey } = await stack.createOrg();
    expect((await stack.call('GET', '/v1/teams', { key: adminKey })).status).toBe(200);
    await link.down();
    for (const [method, path, body] of [['GET', '/v1/teams', undefined], ['POST', '/v1/teams', { name: 'During the outage' }]] as const) {
      const response = await stack.call(method, path, { key: adminKey, body });
      expect(response.status, `${method} ${path}`).toBe(503);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(response.body).toMatchObject({ status: 503, title: 'Service Unavailable' });
      expect(JSON.stringify(response.body)).not.toMatch(/select|insert|api_keys|ECONNREFUSED/i);
    }
    expect((await stack.call('GET', '/healthz')).status).toBe(200);
    await link.up();
    const after = await stack.call('GET', '/v1/teams', { key: adminKey });
    expect(after.status).toBe(200);
    expect(after.body.items).toEqual([]);
  });
});
