// The HTTP API's part of a process: the workflow outbox, then the app it serves. infra/stack.ts loads this file only
// in a process that serves the API, so a worker process never loads Express, the routes and their schemas (about
// 25 MB of a worker's idle RSS, bench/README.md).
import type { Client, Connection } from '@temporalio/client';
import type { Logger } from 'pino';
import { createApp } from '../api/app.ts';
import { createMetricsRegistry } from '../api/http/metrics.ts';
import { serveApi, type ServingApi } from '../api/server.ts';
import type { CarrierSettings } from '../carriers/settings.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { policyFollowers } from '../workflows/client/policy-followers.ts';
import { createWorkflowOutbox } from '../workflows/client/workflow-outbox.ts';
import type { Config } from './config.ts';
import { httpLimits } from './http-limits.ts';
import type { Secrets } from './secrets.ts';
import { StartupError } from './startup-error.ts';

export interface ApiRoleDeps {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  temporal: { client: Client; connection: Connection };
  secrets: Secrets;
  carriers: CarrierSettings;
  version: string;
}

/** Starts the outbox and serves the API; what it started is pushed onto `stops`, to be stopped in reverse. */
export async function startApiRole(deps: ApiRoleDeps, stops: (() => Promise<void>)[]): Promise<ServingApi> {
  const { config, logger, database, secrets } = deps;
  const { client, connection } = deps.temporal;
  const limits = httpLimits(config);
  // Started before the API answers: it delivers what an earlier process stored but could not tell Temporal.
  const outbox = createWorkflowOutbox({ db: database.db, temporal: client, taskQueue: config.TEMPORAL_TASK_QUEUE, followers: policyFollowers, logger });
  outbox.start();
  stops.push(() => outbox.stop());
  const app = createApp({
    db: database.db,
    pingDatabase: () => database.ping(),
    temporal: client,
    pingTemporal: async () => void (await connection.workflowService.getSystemInfo({})),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    outbox,
    metrics: createMetricsRegistry(),
    logger,
    platformAdminKey: secrets.platformAdminKey,
    carrierWebhookSecret: secrets.carrierWebhookSecret,
    mailFrom: config.MAIL_FROM,
    version: deps.version,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    rateLimits: limits.rateLimits,
    carriers: deps.carriers,
  });
  const api = await serveApi(app, config.PORT, undefined, limits.timeouts).catch((error: Error) => {
    throw new StartupError(error.message);
  });
  stops.push(() => api.close());
  logger.info({ url: api.url }, 'API listening');
  return api;
}
