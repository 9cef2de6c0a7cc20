import type { Client, Connection } from '@temporalio/client';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { randomBytes, randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { createApp } from '../../api/app.ts';
import { createMetricsRegistry } from '../../api/http/metrics.ts';
import { serveApi, type ServingApi } from '../../api/server.ts';
import { openDatabase, type DatabaseHandle } from '../../db/database.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { connectTemporalClient } from '../../infra/temporal-connection.ts';
import { createCarrierClient } from '../../activities/carrier-client.ts';
import { createCarrierRouter } from '../../carriers/router.ts';
import type { CarrierSettings } from '../../carriers/settings.ts';
import { startWorker, type RunningWorker } from '../../worker.ts';
import { httpLimits } from '../../infra/http-limits.ts';
import { createMailDeps } from '../../infra/mail.ts';
import type { RateLimits } from '../../api/http/rate-limits.ts';
import type { RequestTimeouts } from '../../api/server.ts';
import { policyFollowers } from '../../workflows/client/policy-followers.ts';
import { createWorkflowOutbox, type OutboxTiming } from '../../workflows/client/workflow-outbox.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from './http.ts';

export interface TestStack {
  url: string;
  database: DatabaseHandle;
  client: Client;
  connection: Connection;
  taskQueue: string;
  platformKey: string;
  /** Secrets the carrier simulator shares with this stack. */
  webhookSecret: string;
  carrierSecret: string;
  call: <T = any>(method: string, path: string, options?: Parameters<typeof call>[3]) => ReturnType<typeof call<T>>;
  /** A fresh organization (so tests never see each other's data) and its admin key. */
  createOrg(name?: string): Promise<{ orgId: string; adminKey: string }>;
  /** A key of the given role in the given organization. */
  createKey(adminKey: string, role: 'admin' | 'supervisor' | 'agent'): Promise<string>;
  /** Drains this stack's worker and starts a fresh one on the same task queue. */
  restartWorker(): Promise<void>;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

/**
 * The real stack in the test process: the shared Temporal dev server, PostgreSQL from DATABASE_URL (or an
 * in-memory PGlite), a worker on its own task queue, and the API on a free port.
 */
export interface LocalStackOptions {
  temporalAddress: string;
  workflowBundlePath: string;
  worker?: boolean;
  carrierUrl?: string;
  carrierSecret?: string;
  webhookSecret?: string;
  /** Where the worker mails: an SMTP server in the test; without one, .eml files in a fresh directory. */
  smtpUrl?: string;
  mailFrom?: string;
  /** Another PostgreSQL database than DATABASE_URL's (a proxy to it, or a database of the test's own). */
  databaseUrl?: string;
  /** The in-memory PGlite even when DATABASE_URL is set: the embedded database `switchboard dev` runs on, with one connection. */
  embedded?: boolean;
  /** Where the real carriers' REST APIs are (local fakes in tests), and deployment-wide accounts, if any. */
  carriers?: Partial<CarrierSettings>;
  /** Overrides of the production rate limits and request timeouts. */
  rateLimits?: Partial<RateLimits>;
  timeouts?: Partial<RequestTimeouts>;
  /** Where the API's Temporal client connects (default: temporalAddress; the worker always uses that), e.g. a proxy a test can cut. */
  apiTemporalAddress?: string;
  /** How long stopping gives in-flight requests before cutting them (default 1 s). */
  closeGraceMs?: number;
  /** How the API retries telling workflows of changes while Temporal is unreachable. */
  outboxTiming?: Partial<OutboxTiming>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<TestStack> {
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  if (!runtimeInstalled) {
    // Keep the SDK quiet unless asked: test output should show test results.
    Runtime.install({ logger: new DefaultLogger((process.env.TEST_LOG_LEVEL?.toUpperCase() as 'WARN') ?? 'ERROR'), shutdownSignals: [] });
    runtimeInstalled = true;
  }
  const databaseUrl = options.embedded ? undefined : options.databaseUrl ?? process.env.DATABASE_URL;
  const database = databaseUrl
    ? await openDatabase({ url: databaseUrl }, { maxConnections: 5 })
    : await openDatabase({ memory: true });
  if (database.kind === 'pglite') await migrateDatabase(database);

  const address = options.temporalAddress;
  const taskQueue = `test-${randomUUID()}`;
  const carrierSecret = options.carrierSecret ?? `carrier-api-${randomBytes(12).toString('hex')}`;
  const webhookSecret = options.webhookSecret ?? `carrier-hook-${randomBytes(12).toString('hex')}`;
  const { client, connection } = await connectTemporalClient(address, 'default');
  let worker: RunningWorker | undefined;
  const mailFrom = options.mailFrom ?? 'Switchboard <switchboard@switchboard.test>';
  const mail = createMailDeps({
    SMTP_URL: options.smtpUrl, DATA_DIR: mkdtempSync(join(tmpdir(), 'switchboard-mail-')), MAIL_FROM: mailFrom, PUBLIC_BASE_URL: 'https://switchboard.test', PORT: 0,
  });
  const carriers: CarrierSettings = {
    twilio: { apiUrl: 'http://127.0.0.1:9/twilio-unset' }, telnyx: { apiUrl: 'http://127.0.0.1:9/telnyx-unset' }, ...options.carriers,
  };
  const native = createCarrierClient({ baseUrl: options.carrierUrl, secret: carrierSecret });
  const launchWorker = () => startWorker({
      address, namespace: 'default', taskQueue, workflowBundle: { codePath: options.workflowBundlePath },
      deps: { db: database.db, carrier: createCarrierRouter({ db: database.db, settings: carriers, native }), temporal: { client, taskQueue }, mail },
    });
  if (options.worker !== false) worker = await launchWorker();
  const limits = httpLimits();
  const platformKey = `sbp_${randomBytes(16).toString('hex')}`;
  const apiTemporal = options.apiTemporalAddress ? await connectTemporalClient(options.apiTemporalAddress, 'default') : { client, connection };
  const outbox = createWorkflowOutbox({ db: database.db, temporal: apiTemporal.client, taskQueue, followers: policyFollowers, logger, timing: options.outboxTiming });
  outbox.start();
  const app = createApp({
    db: database.db,
    pingDatabase: () => database.ping(),
    temporal: apiTemporal.client,
    pingTemporal: async () => void (await apiTemporal.connection.workflowService.getSystemInfo({})),
    taskQueue,
    outbox,
    metrics: createMetricsRegistry(),
    logger,
    platformAdminKey: platformKey,
    carrierWebhookSecret: webhookSecret,
    mailFrom,
    version: 'test',
    rateLimits: { ...limits.rateLimits, ...options.rateLimits },
    carriers,
  });
  const api: ServingApi = await serveApi(app, 0, '127.0.0.1', { ...limits.timeouts, ...options.timeouts });

  const stack: TestStack = {
    url: api.url,
    database,
    client,
    connection,
    taskQueue,
    platformKey,
    webhookSecret,
    carrierSecret,
    call: (method, path, opts) => call(api.url, method, path, opts),
    async createOrg(name = `Org ${randomUUID().slice(0, 8)}`) {
      const response = await stack.call('POST', '/v1/orgs', { key: platformKey, body: { name, timezone: 'America/New_York' } });
      if (response.status !== 201) throw new Error(`creating an organization failed: ${response.status} ${JSON.stringify(response.body)}`);
      return { orgId: response.body.org.id, adminKey: response.body.adminKey };
    },
    async createKey(adminKey, role) {
      const response = await stack.call('POST', '/v1/api-keys', { key: adminKey, body: { role } });
      if (response.status !== 201) throw new Error(`creating a key failed: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.key;
    },
    async restartWorker() {
      await worker?.drain();
      worker = await launchWorker();
    },
    async stop() {
      await api.close(options.closeGraceMs ?? 1000);
      await outbox.stop();
      if (apiTemporal.connection !== connection) await apiTemporal.connection.close();
      await worker?.drain();
      mail.transport.close();
      await connection.close();
      await database.close();
    },
  };
  return stack;
}
