// One inbox with N unread items (default 1,000,000): times the auto-mark-as-read one-time cleanup (the real
// workflow, batched) against one raw SQL UPDATE of the same rows, then the feed's first page on that inbox
// (p50 and p99 of 200 warm reads per view and filter). Needs DATABASE_URL (PostgreSQL). Prints figures
// (bench/figures.ts); asserts nothing.
//   DATABASE_URL=postgres://… node bench/auto-read-cleanup.ts [items=1000000] [conversations=1000]
// First: the engine in this process runs with the runtime settings its own processes give themselves.
import '../infra/apply-runtime-settings.ts';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { autoReadProgressQuery, autoReadWorkflowId, type AutoReadProgress } from '../workflows/automation/contract.ts';
import { setUpInbox } from '../test/helpers/call-fixture.ts';
import { reportFigure } from './figures.ts';
import { startBenchStack } from './bench-stack.ts';

const items = Number(process.argv[2] ?? 1_000_000);
const conversationCount = Number(process.argv[3] ?? 1000);
if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL to a PostgreSQL database');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const { stack, stop } = await startBenchStack();
const { db } = stack.database;
const { inboxId, orgId, adminKey } = await setUpInbox(stack, { agents: 0 });

let started = performance.now();
const tag = randomBytes(4).toString('hex');
await db.execute(sql`
  insert into contacts (id, org_id) select 'ctc_b' || ${tag} || g, ${orgId} from generate_series(1, ${conversationCount}) g`);
await db.execute(sql`
  insert into contact_phones (org_id, e164, contact_id) select ${orgId}, '+1555' || lpad(g::text, 7, '0'), 'ctc_b' || ${tag} || g from generate_series(1, ${conversationCount}) g`);
await db.execute(sql`
  insert into conversations (id, org_id, inbox_id, contact_id, last_activity_at)
  select 'cnv_b' || ${tag} || g, ${orgId}, ${inboxId}, 'ctc_b' || ${tag} || g, now() - interval '1 day' from generate_series(1, ${conversationCount}) g`);
await db.execute(sql`
  insert into communications (id, org_id, inbox_id, conversation_id, kind, direction, external_id, status, from_e_164, to_e_164, body, occurred_at)
  select 'com_b' || ${tag} || g, ${orgId}, ${inboxId}, 'cnv_b' || ${tag} || (1 + g % ${conversationCount}), 'message', 'inbound', 'SMb' || ${tag} || g, 'received',
         '+1555' || lpad((1 + g % ${conversationCount})::text, 7, '0'), '+15550000000', 'benchmark', now() - interval '2 days' + (g * interval '100 milliseconds')
  from generate_series(1, ${items}) g`);
// Every seeded table, as autovacuum would in production (the test server runs without it): unanalyzed, the
// threaded feed's planner took the inbox's 1000 conversations for 6 and sorted them all instead of walking its index.
await db.execute(sql`analyze contacts, contact_phones, conversations, communications`);
console.log(`seeded ${items.toLocaleString()} unread items in ${conversationCount} conversations of one inbox in ${seconds(performance.now() - started)}`);

const resetUnread = async () => {
  await db.execute(sql`update communications set read_at = null, read_by = null where inbox_id = ${inboxId}`);
  await db.execute(sql`vacuum analyze communications`);
};

// Both sides start from the same state: rows that have been updated and vacuumed once. Freshly inserted rows
// cost their first writer extra (every page's hint bits set, no free space for the new row versions), and
// in production autovacuum has long since passed over them; the first side here used to pay that alone.
await resetUnread();

// 1. The workflow's batched one-time cleanup, started the way the API starts it.
started = performance.now();
await stack.call('PATCH', `/v1/inboxes/${inboxId}/policies/automation`, { key: adminKey, body: { autoMarkReadAfter: 'PT1S' } });
const handle = stack.client.workflow.getHandle(autoReadWorkflowId(inboxId));
let progress: AutoReadProgress;
for (;;) {
  progress = await handle.query(autoReadProgressQuery).catch(() => ({ phase: 'starting' }) as AutoReadProgress);
  if (progress.phase === 'sleeping' && progress.cleared >= items) break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
const workflowMs = performance.now() - started;
await stack.call('PATCH', `/v1/inboxes/${inboxId}/policies/automation`, { key: adminKey, body: { autoMarkReadAfter: null } });
await handle.result();
console.log(`auto-mark-as-read cleanup (workflow, batches of 5000): ${seconds(workflowMs)} for ${progress.cleared.toLocaleString()} items`);

// 2. The same rows with one raw UPDATE.
await resetUnread();
started = performance.now();
await db.execute(sql`update communications set read_at = now(), read_by = 'auto' where inbox_id = ${inboxId} and read_at is null and occurred_at <= now() - interval '1 second'`);
const rawMs = performance.now() - started;
console.log(`one raw SQL UPDATE of the same rows: ${seconds(rawMs)}   (cleanup / raw = ${(workflowMs / rawMs).toFixed(2)})`);
const setting = { database: 'postgres' as const, detail: `${items.toLocaleString('en-US')} items` };
reportFigure({ name: 'auto-mark-as-read cleanup (workflow) vs one raw UPDATE', setting, unit: 's', value: workflowMs / 1000, baseline: rawMs / 1000, better: 'lower', target: { ratio: 1.3 } });

// 3. The feed's first page on the million-item inbox, all unread again: warm, then timed over many reads.
await resetUnread();
const READS = 200;
const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
for (const view of ['unthreaded', 'threaded']) {
  for (const filter of ['all', 'unread']) {
    const times: number[] = [];
    for (let i = 0; i < 20 + READS; i++) {
      const t = performance.now();
      const page = await stack.call('GET', `/v1/inboxes/${inboxId}/feed?view=${view}&filter=${filter}&limit=50`, { key: adminKey });
      if (page.status !== 200 || page.body.items.length !== 50) throw new Error(`feed answered ${page.status}`);
      if (i >= 20) times.push(performance.now() - t);
    }
    console.log(`feed first page (${view}, ${filter}, 50 items), ${READS} requests: median ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms`);
    const name = `feed first page (${view}, filter=${filter}, 50 items)`;
    reportFigure({ name: `${name} p50`, setting, unit: 'ms', value: pct(times, 50), better: 'lower' });
    reportFigure({ name: `${name} p99`, setting, unit: 'ms', value: pct(times, 99), better: 'lower', ...(view === 'threaded' ? { target: { max: 25 } } : {}) });
  }
}

await db.execute(sql`delete from communications where inbox_id = ${inboxId}`);
await stop();
