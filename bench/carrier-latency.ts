// Webhook → first ring decision, per carrier: from a signed incoming-call webhook until the ring leaves
// Switchboard — the native ring command, the Telnyx dial request, or the TwiML answering Twilio's Voice URL
// request (Twilio waits for it, so this is the time Twilio waits). Real stack: a Temporal dev server,
// PostgreSQL (DATABASE_URL) or PGlite, an in-process worker and API; the carriers are the test fakes.
// Reports figures (bench/figures.ts); asserts nothing.
//   node bench/carrier-latency.ts [calls per carrier=100] [concurrency=5]
// First: the engine in this process runs with the runtime settings its own processes give themselves.
import '../infra/apply-runtime-settings.ts';
import { randomBytes, randomUUID } from 'node:crypto';
import { callWorkflowId } from '../workflows/call/contract.ts';
import { newCallId } from '../test/helpers/call-fixture.ts';
import { CarrierSimulator } from '../test/helpers/carrier-simulator.ts';
import { carriers, PUBLIC_BASE_URL, reachable, setUpCarrierInbox, type Carrier, type CarrierInbox, type CarrierWorld } from '../test/carriers/carrier-world.ts';
import { legStateOf, TelnyxFake } from '../test/carriers/fakes/telnyx-fake.ts';
import { TwilioFake, twilioSid } from '../test/carriers/fakes/twilio-fake.ts';
import { startBenchStack } from './bench-stack.ts';
import { reportFigure, type FigureSetting } from './figures.ts';

const calls = Number(process.argv[2] ?? 100);
const concurrency = Number(process.argv[3] ?? 5);
const CALLER = '+14155550100';

const secrets = { apiSecret: randomBytes(16).toString('hex'), webhookSecret: randomBytes(16).toString('hex') };
const native = new CarrierSimulator(secrets);
const telnyx = new TelnyxFake();
const twilio = new TwilioFake();
await Promise.all([native.start(), telnyx.start(), twilio.start()]);
const { stack, stop } = await startBenchStack({
  carrierUrl: native.url, carrierSecret: secrets.apiSecret, webhookSecret: secrets.webhookSecret,
  carriers: { publicBaseUrl: PUBLIC_BASE_URL, twilio: { apiUrl: twilio.url }, telnyx: { apiUrl: telnyx.url } },
});
native.setApiUrl(stack.url);
telnyx.webhookUrl = `${stack.url}/v1/carriers/telnyx`;
const world: CarrierWorld = { stack, native, telnyx, twilio, stop };

/** Starts one call on the carrier and resolves with its id once the first ring decision has left Switchboard. */
const ringOnce: Record<Carrier, (inbox: CarrierInbox) => Promise<string>> = {
  async native(inbox) {
    const callId = newCallId();
    const ring = native.nextCommand(callId, 'ring');
    await native.sendVoice({ type: 'call.initiated', callId, from: CALLER, to: inbox.number });
    await ring;
    return callId;
  },
  async telnyx(inbox) {
    const callId = randomUUID();
    const ring = telnyx.next((r) => r.path === '/calls' && legStateOf(r).callId === callId);
    await telnyx.send('call.initiated', { call_control_id: `v3:${callId}`, call_session_id: callId, call_leg_id: callId, connection_id: 'conn-1', from: CALLER, to: inbox.number, direction: 'incoming', state: 'parked' });
    await ring;
    return callId;
  },
  async twilio(inbox) {
    const callId = twilioSid('CA');
    const url = `${PUBLIC_BASE_URL}/v1/carriers/twilio/voice`;
    const response = await twilio.post(reachable(world, url), { CallSid: callId, From: CALLER, To: inbox.number, CallStatus: 'ringing', Direction: 'inbound' }, { signedUrl: url });
    if (!response.text.includes('<Dial')) throw new Error(`Twilio got no ring: ${response.status} ${response.text}`);
    return callId;
  },
};
const hangUp: Record<Carrier, (inbox: CarrierInbox, callId: string) => Promise<unknown>> = {
  native: (_inbox, callId) => native.sendVoice({ type: 'call.hangup', callId, party: 'caller' }),
  telnyx: (inbox, callId) => telnyx.send('call.hangup', { call_control_id: `v3:${callId}`, call_session_id: callId, from: CALLER, to: inbox.number, hangup_cause: 'normal_clearing', hangup_source: 'caller' }),
  twilio: (inbox, callId) => {
    const url = `${PUBLIC_BASE_URL}/v1/carriers/twilio/status`;
    return twilio.post(reachable(world, url), { CallSid: callId, From: CALLER, To: inbox.number, CallStatus: 'completed' }, { signedUrl: url });
  },
};

const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const ms = (v: number) => `${v.toFixed(1)} ms`;
console.log(`webhook → first ring decision, ${calls} calls per carrier, ${concurrency} at a time, ${stack.database.kind}`);
for (const carrier of carriers) {
  const inbox = await setUpCarrierInbox(world, carrier, { agents: 3 });
  const ids: string[] = [];
  const timed = async () => {
    const started = performance.now();
    ids.push(await ringOnce[carrier](inbox));
    return performance.now() - started;
  };
  // Warm-up: the first calls pay for connection pools and the workflow cache.
  for (let i = 0; i < 5; i++) await timed();
  const figures: number[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < calls) figures.push(await timed());
  }));
  console.log(`  ${carrier.padEnd(6)} median ${ms(pct(figures, 50))}  p90 ${ms(pct(figures, 90))}  p99 ${ms(pct(figures, 99))}  max ${ms(Math.max(...figures))}`);
  const setting: FigureSetting = { temporal: 'dev', database: stack.database.kind === 'postgres' ? 'postgres' : 'embedded', concurrency, detail: `${carrier}; API and worker in one process` };
  reportFigure({ name: 'webhook → first ring decision p50', setting, unit: 'ms', better: 'lower', value: pct(figures, 50) });
  reportFigure({ name: 'webhook → first ring decision p99', setting, unit: 'ms', better: 'lower', value: pct(figures, 99) });
  for (const callId of ids) await hangUp[carrier](inbox, callId);
  await Promise.all(ids.map((callId) => stack.client.workflow.getHandle(callWorkflowId(callId)).result().catch(() => undefined)));
}
if (telnyx.violations.length || twilio.violations.length) console.log('requests the carriers would refuse:', [...telnyx.violations, ...twilio.violations]);
await stop();
await Promise.all([native.stop(), telnyx.stop(), twilio.stop()]);
