import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
beforeAll(async () => (stack = await startTestStack({ worker: false, timeouts: { headersMs: 500, requestMs: 1000 } })));
afterAll(() => stack?.stop());

/** Opens a raw connection, writes `first`, then nothing more; resolves with what the server said and when it hung up. */
async function stall(first: string): Promise<{ answer: string; closedAfterMs: number }> {
  const { port } = new URL(stack.url);
  const socket: Socket = connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const started = performance.now();
  socket.write(first);
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  await new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { answer, closedAfterMs: performance.now() - started };
}

describe('request and header timeouts', () => {
  it('drops a client that never finishes its headers', async () => {
    const { answer, closedAfterMs } = await stall('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer).toContain('application/problem+json');
    expect(closedAfterMs).toBeLessThan(5000);
  });

  it("drops a client that sends its body slowly, long before Node's 300 s default", async () => {
    const { adminKey } = await stack.createOrg();
    const head = `POST /v1/teams HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${adminKey}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`;
    const { answer, closedAfterMs } = await stall(`${head}{"name":"slo`);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer).toContain('application/problem+json');
    expect(closedAfterMs).toBeLessThan(5000);
    expect((await stack.call('GET', '/v1/teams', { key: adminKey })).body.items).toEqual([]);
  });

  it('answers headers over 16 KB and requests that are not HTTP with problem documents', async () => {
    const huge = await fetch(`${stack.url}/v1/teams?q=${'x'.repeat(20_000)}`);
    expect(huge.status).toBe(431);
    expect(huge.headers.get('content-type')).toContain('application/problem+json');
    expect(await huge.json()).toMatchObject({ status: 431 });
    const { answer } = await stall('HELLO THERE\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*"status":400/);
  });

  it('still serves a request that arrives in time', async () => {
    expect((await stack.call('GET', '/healthz')).status).toBe(200);
  });
});
