// Webhook-to-first-ring latency: from the moment a signed call.initiated is posted until the carrier
// simulator receives the ring command, over N calls sent C at a time. Real stack: a Temporal dev server,
// PostgreSQL (DATABASE_URL) or PGlite, an in-process worker and API. Prints figures; asserts nothing.
//   node bench/call-latency.ts [calls=200] [concurrency=10]
// First: the engine in this process runs with the runtime settings its own processes give themselves.
import '../infra/apply-runtime-settings.ts';
import { randomBytes } from 'node:crypto';
import { callWorkflowId } from '../workflows/call/contract.ts';
import { newCallId, setUpInbox } from '../test/helpers/call-fixture.ts';
import { CarrierSimulator } from '../test/helpers/carrier-simulator.ts';
import { startBenchStack } from './bench-stack.ts';
import { reportFigure } from './figures.ts';

const calls = Number(process.argv[2] ?? 200);
const concurrency = Number(process.argv[3] ?? 10);

const secrets = { apiSecret: randomBytes(16).toString('hex'), webhookSecret: randomBytes(16).toString('hex') };
const carrier = new CarrierSimulator(secrets);
await carrier.start();
const { stack, stop } = await startBenchStack({ carrierUrl: carrier.url, carrierSecret: secrets.apiSecret, webhookSecret: secrets.webhookSecret });
carrier.setApiUrl(stack.url);
const { number } = await setUpInbox(stack, { agents: 3 });

const toRing: number[] = [];
const toAccepted: number[] = [];
const ids: string[] = [];
async function oneCall() {
  const callId = newCallId();
  ids.push(callId);
  const started = performance.now();
  const ring = carrier.nextCommand(callId, 'ring');
  const response = await carrier.sendVoice({ type: 'call.initiated', callId, from: '+14155550100', to: number });
  if (response.status !== 202) throw new Error(`webhook answered ${response.status}`);
  toAccepted.push(performance.now() - started);
  await ring;
  toRing.push(performance.now() - started);
}
// Warm-up: the first calls pay for connection pools and the workflow cache.
for (let i = 0; i < 5; i++) await oneCall();
toRing.length = 0;
toAccepted.length = 0;
const began = performance.now();
let next = 0;
await Promise.all(Array.from({ length: concurrency }, async () => {
  while (next++ < calls) await oneCall();
}));
const seconds = (performance.now() - began) / 1000;

const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const ms = (v: number) => `${v.toFixed(1)} ms`;
console.log(`webhook → first ring command, ${toRing.length} calls, ${concurrency} at a time, ${stack.database.kind}, ${(toRing.length / seconds).toFixed(1)} calls/s`);
console.log(`  webhook → first ring:   median ${ms(pct(toRing, 50))}  p90 ${ms(pct(toRing, 90))}  p99 ${ms(pct(toRing, 99))}  max ${ms(Math.max(...toRing))}`);
console.log(`  webhook → 202 accepted: median ${ms(pct(toAccepted, 50))}  p99 ${ms(pct(toAccepted, 99))}`);
// bench/call-load.ts measures these against the baseline with separate processes; this is the in-process view.
const setting = { temporal: 'dev', database: stack.database.kind === 'postgres' ? 'postgres' : 'embedded', concurrency, detail: 'API and worker in one process' } as const;
reportFigure({ name: 'webhook → first ring p50', setting, unit: 'ms', better: 'lower', value: pct(toRing, 50) });
reportFigure({ name: 'webhook → 202 p99', setting, unit: 'ms', better: 'lower', value: pct(toAccepted, 99) });

await Promise.all(ids.map((callId) => carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller' })));
await Promise.all(ids.map((callId) => stack.client.workflow.getHandle(callWorkflowId(callId)).result().catch(() => undefined)));
await stop();
await carrier.stop();
