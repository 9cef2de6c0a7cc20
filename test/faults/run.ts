// The load-with-faults run of issue 11 as a repeatable suite: `npm run test:faults -- --help`.
import type { Client } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { pino, type Logger } from 'pino';
import { openDatabase, type DatabaseHandle } from '../../db/database.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { callWorkflowId } from '../../workflows/call/contract.ts';
import { messageWorkflowId } from '../../workflows/messages/contract.ts';
import { findFreePort } from '../../infra/ports.ts';
import { provideTemporalCli } from '../../infra/temporal-cli.ts';
import { startTemporalCluster } from '../../infra/temporal-cluster.ts';
import { connectTemporalClient } from '../../infra/temporal-connection.ts';
import { startDevServer } from '../../infra/temporal-dev-server.ts';
import { provideTemporalServerBinaries } from '../../infra/temporal-server-binaries.ts';
import { CarrierSimulator } from '../helpers/carrier-simulator.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';
import { runFaults } from './faults.ts';
import { createLine, createOrganization, type Line } from './lines.ts';
import { runLoad } from './load.ts';
import { parseFaultOptions, usage, type FaultOptions } from './options.ts';
import { createPostgresCluster } from './postgres-cluster.ts';
import { SwitchboardProcess } from './processes.ts';
import { formatReport } from './report.ts';
import { scenarioFor } from './scenarios.ts';
import { expectedEmails, expectedNotifications, LONG_RUNNING_TYPES, tallyRun } from './tally.ts';

const MAIL_FROM = 'Switchboard <switchboard@faults.test>';
const began = Date.now();
const progress = (message: string) => console.error(`[${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}`);

async function main(options: FaultOptions, stops: (() => Promise<unknown>)[]): Promise<boolean> {
  const runDir = await mkdtemp(join(tmpdir(), 'switchboard-faults-'));
  const logger = pino({ level: options.verbose ? 'info' : 'warn' });
  try {
    // Switchboard's own PostgreSQL: the one the faults stop.
    const postgres = await createPostgresCluster(join(runDir, 'postgres'), await findFreePort());
    stops.push(() => (options.keep ? postgres.stop() : postgres.destroy()));
    const databaseUrl = postgres.url();
    const database: DatabaseHandle = await openDatabase({ url: databaseUrl }, { maxConnections: 4 });
    stops.push(() => database.close());
    await migrateDatabase(database);

    const address = await startTemporal(options, runDir, logger, stops);
    const { client, connection } = await connectTemporalClient(address, 'default');
    stops.push(() => connection.close());
    progress(`PostgreSQL on ${postgres.port}, Temporal ${options.server === 'real' ? 'server' : 'dev server'} at ${address}`);

    const smtp = new SmtpSink();
    await smtp.start();
    stops.push(() => smtp.stop());
    const secrets = { apiSecret: `faults-api-${randomBytes(12).toString('hex')}`, webhookSecret: `faults-hook-${randomBytes(12).toString('hex')}`, platformKey: `sbp_${randomBytes(16).toString('hex')}` };
    // Real carriers retry a webhook for hours; ten minutes outlasts every fault here.
    const carrier = new CarrierSimulator({ apiSecret: secrets.apiSecret, webhookSecret: secrets.webhookSecret, retryWebhooksForMs: 10 * 60_000 });
    await carrier.start();
    stops.push(() => carrier.stop());
    carrier.delayAnswers('cancel_ring', options.cancelRingDelayMs);

    const env = (name: string, extra: Record<string, string>) => ({
      ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: 'switchboard-faults',
      CARRIER_API_URL: carrier.url, CARRIER_API_SECRET: secrets.apiSecret, CARRIER_WEBHOOK_SECRET: secrets.webhookSecret, PLATFORM_ADMIN_KEY: secrets.platformKey,
      SMTP_URL: smtp.url, MAIL_FROM, PUBLIC_BASE_URL: 'https://switchboard.faults.test', LOG_FORMAT: 'json', LOG_LEVEL: 'info', DATA_DIR: join(runDir, name), ...extra,
    });
    const workers = Array.from({ length: options.workers }, (_, i) => new SwitchboardProcess(`worker-${i + 1}`, 'worker', env(`worker-${i + 1}`, {}), join(runDir, `worker-${i + 1}.log`)));
    const apiPorts = await Promise.all(Array.from({ length: options.apis }, () => findFreePort()));
    const apis = apiPorts.map((port, i) => new SwitchboardProcess(`api-${i + 1}`, 'api', env(`api-${i + 1}`, { PORT: String(port) }), join(runDir, `api-${i + 1}.log`)));
    stops.push(async () => {
      await Promise.all([...apis, ...workers].map((p) => p.stop()));
      [...apis, ...workers].forEach((p) => p.close());
    });
    // One at a time: on two cores, several cold starts at once only slow each other down.
    for (const child of [...workers, ...apis]) await child.start();
    const apiUrls = apiPorts.map((port) => `http://127.0.0.1:${port}`);
    carrier.setApiUrls(apiUrls);
    progress(`${workers.length} worker(s) and ${apis.length} API process(es) ready`);

    const adminKey = await createOrganization(apiUrls[0]!, secrets.platformKey);
    const lines: Line[] = new Array(options.calls);
    const routing = { ringTimeoutSec: options.ringTimeoutSec, maxWaitSec: options.maxWaitSec };
    await inBatches(options.calls, 6, async (i) => void (lines[i] = await createLine(apiUrls[i % apiUrls.length]!, adminKey, scenarioFor(i).line, routing)));
    progress(`${lines.length} lines set up; load of ${options.calls} calls and ${options.sms} SMS (×${options.deliveries}) over ${options.loadSec} s, faults begin`);

    const load = runLoad({ carrier, lines, sms: options.sms, deliveries: options.deliveries, loadMs: options.loadSec * 1000, ringTimeoutSec: options.ringTimeoutSec, patienceMs: options.patienceSec * 1000 });
    const faults = options.noFaults ? [] : await runFaults({ workers, apis, postgres, smtp, carrier }, options, (f) => progress(`fault done: ${f.fault} (${f.from.toFixed(1)}–${f.to.toFixed(1)} s)`));
    const { calls, sms } = await load;
    progress(`faults over and load played; waiting up to ${options.settleSec} s for calls, messages and emails to finish`);

    const workflows = [...calls.map((c) => callWorkflowId(c.callId)), ...sms.map((m) => messageWorkflowId(m.messageId)), ...expectedNotifications(calls, sms)];
    await settle(client, smtp, workflows, [...expectedEmails(calls, sms, MAIL_FROM).keys()], options.settleSec * 1000);
    progress('counting');
    const crashes = [...workers, ...apis].flatMap((p) => p.crashes);
    const tally = await tallyRun({ db: database.db, client, carrier, smtp, calls, sms, mailFrom: MAIL_FROM, crashes });
    const title = `${options.noFaults ? 'Control run (no faults)' : 'Fault run'} on the ${options.server === 'real' ? 'real Temporal server' : 'Temporal dev server'}: ${workers.length} worker(s), ${apis.length} API(s), ` +
      `${calls.length} calls, ${sms.length} SMS ×${options.deliveries} deliveries, ${((Date.now() - began) / 1000).toFixed(0)} s` + (options.keep ? ` (logs in ${runDir})` : '');
    console.log(formatReport(title, faults, tally));
    return !tally.counts.some((c) => c.wrong && c.value);
  } finally {
    await stopAll(stops);
    if (!options.keep) await rm(runDir, { recursive: true, force: true });
  }
}

/** Runs the registered stops once, newest first (a second call finds none left). */
async function stopAll(stops: (() => Promise<unknown>)[]): Promise<void> {
  for (let stop = stops.pop(); stop; stop = stops.pop()) await stop().catch((error: unknown) => progress(`while stopping: ${String(error)}`));
}

/** The dev server (in memory), or the real server on a PostgreSQL of its own that the faults leave alone. */
async function startTemporal(options: FaultOptions, runDir: string, logger: Logger, stops: (() => Promise<unknown>)[]): Promise<string> {
  if (options.server === 'dev') {
    // Kept runs keep the dev server's SQLite file, so the histories can be read afterwards.
    const dataDir = options.keep ? join(runDir, 'temporal') : undefined;
    const server = await startDevServer({ cliPath: await provideTemporalCli({ logger }), dataDir, port: await findFreePort(), namespace: 'default', logger });
    stops.push(() => server.stop());
    return server.address;
  }
  const postgres = await createPostgresCluster(join(runDir, 'temporal-postgres'), await findFreePort());
  stops.push(() => (options.keep ? postgres.stop() : postgres.destroy()));
  const cluster = await startTemporalCluster({
    binaries: await provideTemporalServerBinaries({ logger }), postgres: { host: '127.0.0.1', port: postgres.port, user: 'postgres' },
    dataDir: join(runDir, 'temporal-server'), namespace: 'default', logger,
  });
  stops.push(() => cluster.stop());
  return cluster.address;
}

/** Waits, at most `ms`, for these workflows to close and every expected email to arrive. */
async function settle(client: Client, smtp: SmtpSink, workflows: string[], emails: string[], ms: number): Promise<void> {
  const closed = (id: string) => client.workflow.getHandle(id).result().catch(() => undefined);
  const allEmails = () => {
    const received = new Set(smtp.received.map((e) => e.messageId));
    return emails.every((id) => received.has(id));
  };
  const deadline = Date.now() + ms;
  await Promise.race([
    Promise.all([...workflows.map(closed), smtp.waitUntil(allEmails, 'every expected email', ms).catch(() => undefined)]),
    delay(ms),
  ]);
  // Then whatever else is still open (a notification nobody expected, say) gets the time that is left.
  const open: string[] = [];
  for await (const execution of client.workflow.list({ query: 'ExecutionStatus = "Running"' })) {
    if (!LONG_RUNNING_TYPES.has(execution.type)) open.push(execution.workflowId);
  }
  await Promise.race([Promise.all(open.map(closed)), delay(Math.max(0, deadline - Date.now()))]);
}

async function inBatches(count: number, parallel: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, async () => {
    while (next < count) await task(next++);
  }));
}

let options: FaultOptions | 'help';
try {
  options = parseFaultOptions(process.argv.slice(2), process.env);
} catch (error) {
  console.error(`test:faults: ${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (options === 'help') {
  console.log(usage);
  process.exit(0);
}
const stops: (() => Promise<unknown>)[] = [];
// Ctrl-C still stops the PostgreSQL clusters and processes this run started (the run folder stays).
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll(stops).finally(() => process.exit(130)));
main(options, stops).then(
  (passed) => process.exit(passed ? 0 : 1),
  (error: unknown) => {
    console.error('test:faults: the run could not complete:', error);
    process.exit(2);
  },
);
