// The baseline as its own processes, started the way Switchboard's are (`node cli.ts api|worker`):
//   node bench/baseline/main.ts api|worker
// Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE; the API also PORT and
// CARRIER_WEBHOOK_SECRET; the worker CARRIER_API_URL, CARRIER_API_SECRET and BASELINE_WORKFLOW_BUNDLE (a file
// built by bench/baseline/bundle.ts, so the worker, like Switchboard's, reads a bundle rather than building one).
// First, as in cli.ts: the runtime settings Switchboard's processes give themselves, so the two compare like with like.
import '../../infra/apply-runtime-settings.ts';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { createCarrierClient } from '../../activities/carrier-client.ts';
import { installTemporalRuntime } from '../../infra/temporal-runtime.ts';
import { createBaselineActivities } from './activities.ts';
import { createBaselineApp } from './app.ts';

const role = process.argv[2];
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`baseline ${role}: ${name} is not set`);
  return value;
};
const address = env('TEMPORAL_ADDRESS');
const namespace = process.env.TEMPORAL_NAMESPACE || 'default';
const taskQueue = env('TEMPORAL_TASK_QUEUE');
// The same "ready" line Switchboard logs, so one process runner serves both.
const ready = () => console.log(JSON.stringify({ msg: 'switchboard ready', role: `baseline ${role}` }));
const stops: (() => Promise<unknown>)[] = [];
const stopOn = (signal: NodeJS.Signals) => process.once(signal, () => void Promise.all(stops.map((stop) => stop())).finally(() => process.exit(0)));

if (role === 'api') {
  const connection = await Connection.connect({ address });
  const app = createBaselineApp({ temporal: new Client({ connection, namespace }), taskQueue, webhookSecret: env('CARRIER_WEBHOOK_SECRET') });
  const server = app.listen(Number(env('PORT')), '127.0.0.1', ready);
  stops.push(() => new Promise((resolve) => server.close(resolve)), () => connection.close());
} else if (role === 'worker') {
  installTemporalRuntime(pino({ level: 'warn' }));
  const connection = await NativeConnection.connect({ address });
  // Switchboard's worker options (worker.ts): everything else left at the SDK's defaults, as there.
  const worker = await Worker.create({
    connection, namespace, taskQueue,
    workflowBundle: { codePath: env('BASELINE_WORKFLOW_BUNDLE') },
    activities: createBaselineActivities(createCarrierClient({ baseUrl: env('CARRIER_API_URL'), secret: env('CARRIER_API_SECRET') })),
    shutdownGraceTime: '10 seconds',
    // The same cache bound as Switchboard's worker (WORKER_CACHED_WORKFLOWS, default 1000: infra/config.ts).
    maxCachedWorkflows: Number(process.env.WORKER_CACHED_WORKFLOWS || 1000),
  });
  const running = worker.run();
  ready();
  stops.push(async () => {
    worker.shutdown();
    await running;
    await connection.close();
  });
} else {
  console.error('usage: node bench/baseline/main.ts api|worker');
  process.exit(2);
}
stopOn('SIGTERM');
stopOn('SIGINT');
