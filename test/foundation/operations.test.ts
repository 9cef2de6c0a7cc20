import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
beforeAll(async () => (stack = await startTestStack({ worker: false })));
afterAll(() => stack?.stop());

describe('operations endpoints', () => {
  it('/healthz and /readyz answer 200 when the database and Temporal are up', async () => {
    expect((await stack.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    const ready = await stack.call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { database: 'ok', temporal: 'ok' } });
  });

  it('/metrics serves Prometheus text with request durations by route', async () => {
    await stack.call('GET', '/healthz');
    const metrics = await stack.call('GET', '/metrics');
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(metrics.body).toMatch(/switchboard_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(metrics.body).toContain('switchboard_process_cpu_seconds_total');
  });

  it('/openapi.json is a valid OpenAPI 3.1 document listing the routes', async () => {
    const doc = (await stack.call('GET', '/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeTruthy();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/orgs', '/v1/api-keys', '/v1/api-keys/{id}', '/readyz']));
    expect(doc.paths['/v1/orgs'].post.responses['400'].content['application/problem+json']).toBeDefined();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/v1/contacts', '/v1/contacts/{id}', '/v1/contacts/{id}/conversations', '/v1/conversations/{id}', '/v1/conversations/{id}/items', '/v1/conversations/{id}/assignee',
    ]));
    expect(doc.paths['/v1/inboxes/{id}/feed'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['kind', 'direction', 'assignee', 'contactId', 'q']));
    // Outbound texts and click to call.
    expect(doc.paths['/v1/messages'].post.responses['202']).toBeDefined();
    expect(doc.paths['/v1/calls'].post.requestBody.content['application/json'].schema).toBeDefined();
  });

  it('answers problem+json, never HTML or a stack trace, for unknown routes and broken bodies', async () => {
    const { adminKey } = await stack.createOrg();
    const cases = [
      await stack.call('GET', '/v1/no-such-thing'),
      await stack.call('POST', '/v1/api-keys', { key: adminKey, rawBody: '{"role":', headers: { 'content-type': 'application/json' } }),
      await stack.call('POST', '/v1/api-keys', { key: adminKey, body: { role: 'agent', label: 'x'.repeat(300_000) } }),
    ];
    expect(cases.map((c) => c.status)).toEqual([404, 400, 413]);
    for (const response of cases) {
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: response.status, detail: expect.any(String) });
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:\d+|node_modules|SELECT|<html/i);
    }
  });

  it('gives every response a request id, echoing a sane one from the caller', async () => {
    const echoed = await stack.call('GET', '/healthz', { headers: { 'x-request-id': 'trace-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-123');
    const generated = await stack.call('GET', '/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('readiness when a dependency is down', () => {
  it('/readyz answers 503 naming the database once it is gone, while /healthz stays 200', async () => {
    const doomed = await startTestStack({ worker: false });
    try {
      await doomed.database.close();
      const ready = await doomed.call('GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.checks).toEqual({ database: 'failing', temporal: 'ok' });
      expect((await doomed.call('GET', '/healthz')).status).toBe(200);
    } finally {
      doomed.database.close = async () => {};
      await doomed.stop();
    }
  });
});
