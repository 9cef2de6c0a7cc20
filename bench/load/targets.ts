import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { callWorkflowId } from '../../workflows/call/contract.ts';
import { findFreePort } from '../../infra/ports.ts';
import { CarrierSimulator } from '../../simulator/carrier-simulator.ts';
import { inParallel } from './in-parallel.ts';
import { createLine, createOrganization, newNumber, type Line } from './lines.ts';
import { ServiceProcess } from './service-process.ts';
import type { Environment } from './environments.ts';

/** Switchboard or the baseline, running against one environment, with its own carrier and its lines set up. */
export interface Target {
  name: 'switchboard' | 'baseline';
  carrier: CarrierSimulator;
  workflowId(callId: string): string;
  /** Lane i of the lifecycle phases: its own line (one agent, free again when its call ends) and caller. */
  lanes: { line: Line; caller: string }[];
  /** The line the memory phase's calls ring on: agents rung for as long as a call may wait. */
  ringLine: Line;
  /** Its API and worker processes (the one `dev` process on the embedded defaults), whose CPU per call is reported. */
  processes(): ServiceProcess[];
  /** The process whose memory is reported: the worker (the `dev` process on the embedded defaults). */
  memoryProcess(): ServiceProcess;
  /** Starts that process afresh, so its idle memory is measured before any call. */
  restartWorker(): Promise<void>;
  stop(): Promise<void>;
}

export interface TargetOptions {
  env: Environment;
  runDir: string;
  lanes: number;
}

/** Switchboard's lines, kept in its database: a later setting on the same PostgreSQL reuses them. */
export type SwitchboardLines = Pick<Target, 'lanes' | 'ringLine'>;

const secrets = () => ({ apiSecret: randomBytes(16).toString('hex'), webhookSecret: randomBytes(16).toString('hex') });
// The memory phase's calls must stay ringing: the longest ring attempt and the longest wait the policy allows.
const RING_AND_HOLD = { strategy: 'simultaneous', ringTimeoutSec: 120, maxWaitSec: 3600 };
const LANE_ROUTING = { strategy: 'simultaneous', ringTimeoutSec: 30, maxWaitSec: 120 };

/** Switchboard as deployed: `switchboard worker` and `switchboard api` on PostgreSQL, or `switchboard dev` on the embedded defaults. */
export async function startSwitchboard(options: TargetOptions & { lines?: SwitchboardLines }): Promise<Target> {
  const { env, runDir } = options;
  const keys = secrets();
  const carrier = new CarrierSimulator(keys);
  await carrier.start();
  const platformKey = `sbp_${randomBytes(16).toString('hex')}`;
  const port = await findFreePort();
  const processEnv = (role: string): NodeJS.ProcessEnv => ({
    ...process.env, TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: `switchboard-bench-${randomBytes(3).toString('hex')}`,
    DATABASE_URL: env.database === 'postgres' ? env.databaseUrl : '', CARRIER_API_URL: carrier.url, CARRIER_API_SECRET: keys.apiSecret,
    CARRIER_WEBHOOK_SECRET: keys.webhookSecret, PLATFORM_ADMIN_KEY: platformKey, PORT: String(port), LOG_FORMAT: 'json', LOG_LEVEL: 'info',
    DATA_DIR: join(runDir, `switchboard-${role}`), SMTP_URL: '',
  });
  const embedded = env.database === 'embedded';
  const sharedEnv = processEnv(embedded ? 'dev' : 'worker');
  const workerEnv = { ...sharedEnv };
  const apiEnv = { ...sharedEnv, DATA_DIR: join(runDir, 'switchboard-api') };
  const newWorker = () => new ServiceProcess('switchboard', embedded ? 'dev' : 'worker', ['cli.ts', embedded ? 'dev' : 'worker'], workerEnv, join(runDir, embedded ? 'switchboard-dev.log' : 'switchboard-worker.log'));
  const worker = await startRestartable(newWorker);
  const api = embedded ? undefined : new ServiceProcess('switchboard', 'api', ['cli.ts', 'api'], apiEnv, join(runDir, 'switchboard-api.log'));
  await api?.start();
  const apiUrl = `http://127.0.0.1:${port}`;
  carrier.setApiUrl(apiUrl);

  const { lanes, ringLine } = options.lines ?? await createLines(apiUrl, platformKey, options.lanes);
  return {
    name: 'switchboard', carrier, lanes, ringLine, workflowId: callWorkflowId,
    processes: () => [worker.current(), ...(api ? [api] : [])],
    ...worker.handles(),
    async stop() {
      await api?.stop();
      await worker.current().stop();
      await carrier.stop();
    },
  };
}

async function createLines(apiUrl: string, platformKey: string, lanes: number): Promise<SwitchboardLines> {
  const adminKey = await createOrganization(apiUrl, platformKey);
  return {
    lanes: await inParallel(lanes, 8, async () => ({ line: await createLine(apiUrl, adminKey, 1, LANE_ROUTING), caller: newNumber() })),
    ringLine: await createLine(apiUrl, adminKey, 3, RING_AND_HOLD),
  };
}

/** The baseline (bench/baseline): its API and its worker, each a process, on the same Temporal. */
export async function startBaseline(options: TargetOptions & { bundlePath: string }): Promise<Target> {
  const { env, runDir } = options;
  const keys = secrets();
  const carrier = new CarrierSimulator(keys);
  await carrier.start();
  const port = await findFreePort();
  const processEnv: NodeJS.ProcessEnv = {
    ...process.env, TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: `baseline-bench-${randomBytes(3).toString('hex')}`,
    CARRIER_API_URL: carrier.url, CARRIER_API_SECRET: keys.apiSecret, CARRIER_WEBHOOK_SECRET: keys.webhookSecret, PORT: String(port),
    BASELINE_WORKFLOW_BUNDLE: options.bundlePath,
  };
  const main = 'bench/baseline/main.ts';
  const newWorker = () => new ServiceProcess('baseline', 'worker', [main, 'worker'], processEnv, join(runDir, 'baseline-worker.log'));
  const worker = await startRestartable(newWorker);
  const api = new ServiceProcess('baseline', 'api', [main, 'api'], processEnv, join(runDir, 'baseline-api.log'));
  await api.start();
  carrier.setApiUrl(`http://127.0.0.1:${port}`);
  // The baseline routes nothing: any number reaches its one agent.
  const line = (): Line => ({ number: newNumber(), agents: ['baseline-agent'] });
  return {
    name: 'baseline', carrier, ringLine: line(), workflowId: (callId) => `baseline-call-${callId}`,
    lanes: Array.from({ length: options.lanes }, () => ({ line: line(), caller: newNumber() })),
    processes: () => [worker.current(), api],
    ...worker.handles(),
    async stop() {
      await api.stop();
      await worker.current().stop();
      await carrier.stop();
    },
  };
}

/** A worker process that a target can restart afresh (before its memory phase): both targets keep one. */
async function startRestartable(newWorker: () => ServiceProcess) {
  let worker = newWorker();
  await worker.start();
  return {
    current: () => worker,
    handles: (): Pick<Target, 'memoryProcess' | 'restartWorker'> => ({
      memoryProcess: () => worker,
      async restartWorker() {
        await worker.stop();
        worker = newWorker();
        await worker.start();
      },
    }),
  };
}
