import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../carriers/native/signature.ts';
import { auditLog, teams } from '../../db/schema/index.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
let org: { orgId: string; adminKey: string };
let inboxId: string;
const e164 = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  org = await stack.createOrg();
  inboxId = (await stack.call('POST', '/v1/inboxes', { key: org.adminKey, body: { name: 'Front desk', kind: 'shared' } })).body.id;
  expect((await stack.call('POST', `/v1/inboxes/${inboxId}/numbers`, { key: org.adminKey, body: { e164, primary: true } })).status).toBe(201);
});
afterAll(() => stack?.stop());

/** A raw request: the test chooses every byte and header, as a hostile client does. */
async function raw(method: string, path: string, options: { key?: string; body?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const response = await fetch(`${stack.url}${path}`, { method, headers, body: options.body });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', headers: response.headers, text, json: () => JSON.parse(text) };
}

function expectProblem(response: Awaited<ReturnType<typeof raw>>, status: number) {
  expect(response.status, response.text).toBe(status);
  expect(response.type).toContain('application/problem+json');
  const body = response.json();
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  expect(response.text).not.toMatch(/ at .*\.(ts|js):\d+|select |insert |Failed query/i);
  return body as { detail: string; errors?: { path: string; message: string }[] };
}

const teamCount = async () => (await stack.database.db.select({ n: count() }).from(teams).where(eq(teams.orgId, org.orgId)))[0]!.n;
const auditCount = async () => (await stack.database.db.select({ n: count() }).from(auditLog).where(eq(auditLog.orgId, org.orgId)))[0]!.n;

function signedWebhook(kind: 'voice' | 'messaging', rawBody: string) {
  return raw('POST', `/v1/webhooks/${kind}`, {
    body: rawBody, headers: { 'content-type': 'application/json', 'x-switchboard-signature': sign(stack.webhookSecret, rawBody) },
  });
}

describe('malformed paths', () => {
  it('answers a bad percent-escape in a path parameter with a 400 problem, with or without a key', async () => {
    expectProblem(await raw('GET', '/v1/inboxes/%E0%A4%A', { key: org.adminKey }), 400);
    expectProblem(await raw('DELETE', '/v1/teams/%ZZ'), 400);
    expectProblem(await raw('DELETE', `/v1/inboxes/${inboxId}/members/%E0%A4%A`, { key: org.adminKey }), 400);
  });
});

describe('NUL characters and unpaired surrogates are refused at the edge, naming the field', () => {
  it('in a path parameter', async () => {
    const problem = expectProblem(await raw('GET', '/v1/inboxes/inb%00x', { key: org.adminKey }), 400);
    expect(problem.errors).toEqual([{ path: 'id', message: 'must not contain NUL characters' }]);
  });

  it('in the query string', async () => {
    const problem = expectProblem(await raw('GET', '/v1/calls?inboxId=a%00b', { key: org.adminKey }), 400);
    expect(problem.errors?.[0]?.path).toBe('inboxId');
  });

  it('inside a cursor', async () => {
    for (const position of [['2026-01-01T00:00:00.000Z', 'key_\u0000'], ['2026-01-01T00:00:00.000Z', 'key_\ud800']]) {
      const cursor = Buffer.from(JSON.stringify(position)).toString('base64url');
      const problem = expectProblem(await raw('GET', `/v1/teams?cursor=${cursor}`, { key: org.adminKey }), 400);
      expect(problem.errors?.[0]?.path).toBe('cursor');
    }
  });

  it('in a JSON body, a field name or a nested value, and nothing is written', async () => {
    const [teamsBefore, auditBefore] = [await teamCount(), await auditCount()];
    const bodies = [
      ['{"name":"Night\\u0000shift"}', 'name'],
      ['{"name":"Night \\ud800 shift"}', 'name'],
      ['{"name\\u0000":"x"}', '(root)'],
    ];
    for (const [body, path] of bodies) {
      const problem = expectProblem(await raw('POST', '/v1/teams', { key: org.adminKey, body, headers: { 'content-type': 'application/json' } }), 400);
      expect(problem.errors?.[0]?.path).toBe(path);
    }
    const patch = '{"voicemail":{"greeting":"Hello\\udfff"}}';
    const problem = expectProblem(await raw('PATCH', `/v1/inboxes/${inboxId}/policies/routing`, { key: org.adminKey, body: patch, headers: { 'content-type': 'application/merge-patch+json' } }), 400);
    expect(problem.errors).toEqual([{ path: 'voicemail.greeting', message: 'must not contain unpaired surrogates' }]);
    expect([await teamCount(), await auditCount()]).toEqual([teamsBefore, auditBefore]);
  });

  it('in a signed webhook: 400, not 202 and a message lost in the worker', async () => {
    const message = JSON.stringify({ type: 'message.received', messageId: `m-${Date.now()}`, from: '+14155550100', to: e164, body: 'hi\u0000there', occurredAt: new Date().toISOString() });
    const problem = expectProblem(await signedWebhook('messaging', message), 400);
    expect(problem.errors).toEqual([{ path: 'body', message: 'must not contain NUL characters' }]);
    const voicemail = JSON.stringify({
      type: 'call.voicemail', callId: `c-${Date.now()}`, recordingUrl: 'https://rec.test/1.mp3', durationSec: 3, transcription: 'call me \ud83d', occurredAt: new Date().toISOString(),
    });
    expect(expectProblem(await signedWebhook('voice', voicemail), 400).errors?.[0]?.path).toBe('transcription');
  });

  it('still accepts ordinary Unicode, including characters outside the Basic Multilingual Plane', async () => {
    const created = await stack.call('POST', '/v1/teams', { key: org.adminKey, body: { name: 'Équipe 🌙 夜' } });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe('Équipe 🌙 夜');
  });
});

describe('encodings and body-parser errors are problem documents', () => {
  it('answers Content-Encoding gzip or br over a plain body with a 4xx problem, even on /healthz', async () => {
    for (const encoding of ['gzip', 'br', 'deflate']) {
      const headers = { 'content-type': 'application/json', 'content-encoding': encoding };
      const health = await raw('POST', '/healthz', { body: '{"a":1}', headers });
      expect(health.status, encoding).toBeGreaterThanOrEqual(400);
      expect(health.status, encoding).toBeLessThan(500);
      expect(health.type).toContain('application/problem+json');
      expectProblem(await raw('POST', '/v1/teams', { key: org.adminKey, body: '{"name":"x"}', headers }), 400);
    }
    expectProblem(await raw('POST', '/v1/teams', { key: org.adminKey, body: '{"name":"x"}', headers: { 'content-type': 'application/json', 'content-encoding': 'compress' } }), 415);
  });

  it('answers malformed JSON, a wrong charset and an oversized body with problems', async () => {
    const json = { 'content-type': 'application/json' };
    expectProblem(await raw('POST', '/v1/teams', { key: org.adminKey, body: '{"name":', headers: json }), 400);
    expectProblem(await raw('POST', '/v1/teams', { key: org.adminKey, body: '{"name":"x"}', headers: { 'content-type': 'application/json; charset=klingon' } }), 415);
    expectProblem(await raw('POST', '/v1/teams', { key: org.adminKey, body: `{"name":"${'x'.repeat(300_000)}"}`, headers: json }), 413);
  });
});

describe('structure', () => {
  it('refuses a JSON merge patch nested 8,000 levels deep with a 400, and stays up', async () => {
    const deep = `${'{"voicemail":'.repeat(8000)}1${'}'.repeat(8000)}`;
    const problem = expectProblem(await raw('PATCH', `/v1/inboxes/${inboxId}/policies/routing`, {
      key: org.adminKey, body: deep, headers: { 'content-type': 'application/merge-patch+json' },
    }), 400);
    expect(problem.errors?.[0]?.message).toMatch(/deeper than/);
    expect((await stack.call('GET', '/healthz')).status).toBe(200);
    expect((await stack.call('GET', `/v1/inboxes/${inboxId}/policies/routing`, { key: org.adminKey })).status).toBe(200);
  });

  it('answers PATCH /v1/teams/:id {} with the team unchanged, and audits nothing', async () => {
    const team = (await stack.call('POST', '/v1/teams', { key: org.adminKey, body: { name: 'Unchanged' } })).body;
    const auditBefore = await auditCount();
    const patched = await stack.call('PATCH', `/v1/teams/${team.id}`, { key: org.adminKey, body: {} });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual(team);
    expect(await auditCount()).toBe(auditBefore);
    const [row] = await stack.database.db.select().from(teams).where(and(eq(teams.orgId, org.orgId), eq(teams.id, team.id)));
    expect(row?.name).toBe('Unchanged');
  });
});
