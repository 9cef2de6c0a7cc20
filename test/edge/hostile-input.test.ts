// Hostile input over every route of /openapi.json: no 5xx, every error a problem document, nothing written on
// an error, the process up afterwards. HOSTILE_REQUESTS sets the count (default 2,000; the full run is
// `HOSTILE_REQUESTS=10000 npx vitest run test/edge`), HOSTILE_SEED the fast-check seed (printed, so a failure
// reproduces).
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { databaseFingerprint } from './hostile/fingerprint.ts';
import { hostileRequests, type HostileRequest, type Identities } from './hostile/requests.ts';

const COUNT = Number(process.env.HOSTILE_REQUESTS ?? 2000);
const SEED = Number(process.env.HOSTILE_SEED ?? 20_260_511);
const BATCH = 50;

let stack: TestStack;
let dropDatabase: (() => Promise<void>) | undefined;

/** Its own database, so "nothing written" can be checked over every table while other test files run. */
async function ownDatabase(): Promise<string | undefined> {
  if (!process.env.DATABASE_URL) return undefined; // the stack's in-memory PGlite is already its own
  const name = `sb_hostile_${randomBytes(4).toString('hex')}`;
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() }, { maxConnections: 1 });
  await migrateDatabase(handle);
  await handle.close();
  dropDatabase = async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  return url.toString();
}

async function identities(): Promise<Identities> {
  const { adminKey } = await stack.createOrg();
  const other = await stack.createOrg();
  const as = async (method: string, path: string, body?: unknown) => (await stack.call(method, path, { key: adminKey, body })).body;
  const agentUser = await as('POST', '/v1/users', { name: 'Agent', email: 'agent@hostile.test', role: 'agent' });
  const user = await as('POST', '/v1/users', { name: 'User', email: 'user@hostile.test', role: 'supervisor' });
  const team = await as('POST', '/v1/teams', { name: 'Team' });
  const inbox = await as('POST', '/v1/inboxes', { name: 'Inbox', kind: 'shared', teamId: team.id });
  const e164 = `+1777${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  await as('POST', `/v1/inboxes/${inbox.id}/numbers`, { e164, primary: true });
  await as('PUT', `/v1/inboxes/${inbox.id}/members/${agentUser.id}`, { role: 'connected' });
  const victimKey = await as('POST', '/v1/api-keys', { role: 'agent', label: 'victim' });
  const agent = (await as('POST', '/v1/api-keys', { role: 'agent', userId: agentUser.id })).key;
  const supervisor = (await as('POST', '/v1/api-keys', { role: 'supervisor' })).key;
  const known: Record<string, string[]> = {
    userId: [agentUser.id, user.id], teamId: [team.id], inboxId: [inbox.id], keyId: [victimKey.id],
    e164: [e164], to: [e164], from: [e164, '+14155550123'], date: ['2026-03-08'], sendAt: ['09:00'],
  };
  return {
    keys: { platform: stack.platformKey, admin: adminKey, supervisor, agent, otherOrgAdmin: other.adminKey },
    webhookSecret: stack.webhookSecret,
    ids: (name, method) => {
      // Deleting the fixtures would leave later requests nothing real to reach: deletes name other ids.
      if (method === 'DELETE') return [];
      if (name === 'id') return Object.values(known).slice(0, 4).flat();
      return known[name] ?? known[name.replace(/^\w+(?=UserId$)/, '').replace(/^U/, 'u')] ?? [];
    },
  };
}

interface Outcome { request: HostileRequest; status: number; problem?: string }

async function send(request: HostileRequest): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(`${stack.url}${request.path}`, {
    method: request.method, headers: request.headers, body: request.body, signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** What is wrong with an answer, or undefined. */
function judge(answer: { status: number; type: string; text: string }, wroteSomething: boolean): string | undefined {
  if (answer.status >= 500) return `answered ${answer.status}: ${answer.text.slice(0, 300)}`;
  if (/\n\s+at |Failed query|\bselect\b.+\bfrom\b|\binsert into\b/i.test(answer.text)) return `leaked internals: ${answer.text.slice(0, 300)}`;
  if (answer.status < 400) return undefined;
  if (!answer.type.includes('application/problem+json')) return `an error without a problem document (${answer.status}, ${answer.type})`;
  const body = JSON.parse(answer.text) as { status?: number; title?: unknown; type?: unknown; detail?: unknown };
  if (body.status !== answer.status || typeof body.title !== 'string' || typeof body.type !== 'string' || typeof body.detail !== 'string') {
    return `a malformed problem document: ${answer.text.slice(0, 300)}`;
  }
  if (wroteSomething) return `answered ${answer.status} but wrote to the database`;
  return undefined;
}

beforeAll(async () => {
  const databaseUrl = await ownDatabase();
  // Rate limits have their own test; here they would only turn hostile requests into 429s.
  stack = await startTestStack({ worker: false, databaseUrl, rateLimits: { perAddress: 0, perKey: 0, authFailures: 0 } });
}, 180_000);
afterAll(async () => {
  await stack?.stop();
  await dropDatabase?.();
});

describe('hostile input over every route', () => {
  it(`${COUNT} generated requests: no 5xx, problems for every error, nothing written on an error, still up`, { timeout: 60_000 + COUNT * 60 }, async () => {
    const who = await identities();
    const doc = (await stack.call('GET', '/openapi.json')).body;
    // Without a worker (whose writes would blur "nothing written"), a self-test that starts waits on a query
    // of its workflow until the client gives up; that route is covered by test/foundation/self-test.test.ts.
    const arbitrary = hostileRequests(doc, who, (op) => op.method === 'POST' && op.template === '/v1/self-tests');
    const fingerprint = await databaseFingerprint(stack.database.db);
    const outcomes: Outcome[] = [];
    const statuses: Record<number, number> = {};
    const started = performance.now();
    let before = await fingerprint();
    for (let batch = 0; batch * BATCH < COUNT; batch++) {
      // Sampled a batch at a time (each batch its own seed) so huge bodies are never all held at once.
      for (const request of fc.sample(arbitrary, { seed: SEED + batch, numRuns: Math.min(BATCH, COUNT - batch * BATCH) })) {
        let answer: { status: number; type: string; text: string };
        try {
          answer = await send(request);
        } catch (error) {
          outcomes.push({ request, status: 0, problem: `no answer: ${(error as Error).message}` });
          continue;
        }
        const after = await fingerprint();
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        outcomes.push({ request, status: answer.status, problem: judge(answer, answer.status >= 400 && after !== before) });
        before = after;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const failures = outcomes.filter((o) => o.problem);
    const fiveHundreds = outcomes.filter((o) => o.status >= 500).length;
    console.log(`hostile input: seed ${SEED}, ${outcomes.length} requests over ${Object.keys(doc.paths).length} paths in ${seconds.toFixed(1)} s; `
      + `${fiveHundreds} 5xx, ${failures.length} failures; statuses ${JSON.stringify(statuses)}`);
    for (const failure of failures.slice(0, 15)) console.log(`  ${failure.request.label} ${failure.request.path.slice(0, 120)}: ${failure.problem}`);
    expect(outcomes).toHaveLength(COUNT);
    expect(failures.map((f) => `${f.request.label}: ${f.problem}`)).toEqual([]);
    expect((await stack.call('GET', '/healthz')).status).toBe(200);
    expect((await stack.call('GET', '/readyz')).status).toBe(200);
  });
});
