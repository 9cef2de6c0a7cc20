import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { ServingApi } from '../api/server.ts';
import { openDatabase, redactUrl, type DatabaseHandle } from '../db/database.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { createCarrierClient } from '../activities/carrier-client.ts';
import { createCarrierRouter } from '../carriers/router.ts';
import { carrierSettingsFrom } from '../carriers/settings.ts';
import { startWorker, type RunningWorker } from '../worker.ts';
import type { Config } from './config.ts';
import { createMailDeps } from './mail.ts';
import { assertPortFree, findFreePort } from './ports.ts';
import { startEmbeddedMailpit } from './mailpit.ts';
import { startMemoryLog } from './memory-log.ts';
import { loadSecrets, type Secrets } from './secrets.ts';
import { StartupError } from './startup-error.ts';
import { provideTemporalCli } from './temporal-cli.ts';
import { connectTemporalClient, registerSearchAttributes } from './temporal-connection.ts';
import { startDevServer, type DevServer } from './temporal-dev-server.ts';
import { installTemporalRuntime } from './temporal-runtime.ts';
import { provideWorkflowBundle } from './workflow-bundle.ts';

export interface StackRoles {
  api: boolean;
  worker: boolean;
  /** Start the embedded Temporal dev server and PGlite when their variables are unset. */
  embedded: boolean;
}

export interface RunningStack {
  apiUrl?: string;
  temporalAddress: string;
  /** The embedded dev server's web UI, when it has one. */
  temporalUiUrl?: string;
  /** Where this worker's email can be read: Mailpit's web UI, or the .eml folder. */
  mail?: { viewerUrl?: string; description: string };
  /** The secrets in force (generated ones included), for tools that run beside the stack such as the demo. */
  secrets: Secrets;
  stop(): Promise<void>;
}

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Starts what this process runs, in dependency order; stops it in reverse. */
export async function startStack(config: Config, logger: Logger, roles: StackRoles): Promise<RunningStack> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error: unknown) => logger.warn({ err: error }, 'error while stopping'));
  };
  try {
    // Checked first so a busy port fails in milliseconds, not after Temporal has started.
    if (roles.api) await assertPortFree(config.PORT).catch((error: Error) => {
      throw new StartupError(error.message);
    });
    if (config.MEMORY_LOG_SEC) stops.push(startMemoryLog(logger, config.MEMORY_LOG_SEC));
    const { secrets, generated, file } = await loadSecrets(config);
    if (generated.length) logger.info({ generated, file }, 'using generated secrets kept in the data directory');

    // The database and Temporal do not depend on each other: bring them up together. Both settle before a
    // failure is thrown, so whatever did start is registered for stopping (no orphaned dev server).
    const [database, temporal, smtp] = await settleAll<[DatabaseHandle, { address: string; uiUrl?: string }, SmtpOutlet]>([
      openConfiguredDatabase(config, roles).then(async (handle) => {
        stops.push(() => handle.close());
        await migrateDatabase(handle);
        logger.info({ database: handle.description }, 'database ready');
        return handle;
      }),
      provideTemporal(config, logger, roles, stops),
      provideSmtp(config, logger, roles, stops),
    ]);
    const temporalAddress = temporal.address;
    const { client, connection } = await connectTemporalClient(temporalAddress, config.TEMPORAL_NAMESPACE).catch((error: Error) => {
      throw new StartupError(`cannot reach Temporal at TEMPORAL_ADDRESS ${temporalAddress}: ${error.message}`);
    });
    stops.push(() => connection.close());
    await registerSearchAttributes(connection, config.TEMPORAL_NAMESPACE);

    const carriers = carrierSettingsFrom(config);
    let worker: RunningWorker | undefined;
    let mailOutlet: RunningStack['mail'];
    if (roles.worker) {
      const workflowBundle = await provideWorkflowBundle({ logger });
      installTemporalRuntime(logger);
      const mail = createMailDeps({ ...config, SMTP_URL: smtp.url });
      stops.push(async () => mail.transport.close());
      worker = await startWorker({
        address: temporalAddress, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, workflowBundle,
        maxCachedWorkflows: config.WORKER_CACHED_WORKFLOWS,
        deps: {
          db: database.db,
          carrier: createCarrierRouter({ db: database.db, settings: carriers, native: createCarrierClient({ baseUrl: config.CARRIER_API_URL, secret: secrets.carrierApiSecret }) }),
          temporal: { client, taskQueue: config.TEMPORAL_TASK_QUEUE }, mail,
        },
      });
      stops.push(() => worker!.drain());
      mailOutlet = { viewerUrl: smtp.viewerUrl, description: mail.transport.description };
      logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, mail: mail.transport.description }, 'worker polling');
    }

    let api: ServingApi | undefined;
    if (roles.api) {
      // Loaded here, not imported above: a worker process has no use for the API's code (infra/api-role.ts).
      const { startApiRole } = await import('./api-role.ts');
      api = await startApiRole({ config, logger, database, temporal: { client, connection }, secrets, carriers, version }, stops);
    }
    return { apiUrl: api?.url, temporalAddress, temporalUiUrl: temporal.uiUrl, mail: mailOutlet, secrets, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export async function openConfiguredDatabase(config: Config, roles: Pick<StackRoles, 'embedded'>): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) {
    return openDatabase({ url: config.DATABASE_URL }).catch((error: Error) => {
      throw new StartupError(`cannot connect to DATABASE_URL ${redactUrl(config.DATABASE_URL!)}: ${error.message || String(error)}`);
    });
  }
  if (!roles.embedded) {
    throw new StartupError('DATABASE_URL is required: the embedded database belongs to one process, so only `switchboard dev` uses it');
  }
  return openDatabase({ dataDir: config.DATA_DIR });
}

async function provideTemporal(config: Config, logger: Logger, roles: StackRoles, stops: (() => Promise<void>)[]): Promise<{ address: string; uiUrl?: string }> {
  if (config.TEMPORAL_ADDRESS) return { address: config.TEMPORAL_ADDRESS };
  if (!roles.embedded) {
    throw new StartupError('TEMPORAL_ADDRESS is required: only `switchboard dev` starts the embedded Temporal dev server');
  }
  const cliPath = await provideTemporalCli({ explicitPath: config.TEMPORAL_CLI_PATH, logger }).catch((error: Error) => {
    throw new StartupError(error.message);
  });
  const server: DevServer = await startDevServer({
    cliPath,
    dataDir: join(config.DATA_DIR, 'temporal'),
    port: config.TEMPORAL_DEV_PORT || (await findFreePort()),
    uiPort: config.TEMPORAL_DEV_UI_PORT || undefined,
    namespace: config.TEMPORAL_NAMESPACE,
    logger,
  }).catch((error: Error) => {
    throw new StartupError(error.message);
  });
  stops.push(() => server.stop());
  logger.info({ address: server.address, ui: server.uiUrl }, 'embedded Temporal dev server running');
  return { address: server.address, uiUrl: server.uiUrl };
}

interface SmtpOutlet {
  url?: string;
  viewerUrl?: string;
}

/** SMTP_URL as set; on the embedded defaults a local Mailpit to read the mail in; else nothing (.eml files). */
async function provideSmtp(config: Config, logger: Logger, roles: StackRoles, stops: (() => Promise<void>)[]): Promise<SmtpOutlet> {
  if (config.SMTP_URL || !roles.embedded || !roles.worker) return { url: config.SMTP_URL };
  const mailpit = await startEmbeddedMailpit({ dataDir: join(config.DATA_DIR, 'mailpit'), logger }).catch((error: Error) => {
    throw new StartupError(error.message);
  });
  if (!mailpit) return {};
  stops.push(() => mailpit.stop());
  logger.info({ ui: mailpit.uiUrl, smtp: mailpit.smtpUrl }, 'mail viewer (Mailpit) running');
  return { url: mailpit.smtpUrl, viewerUrl: mailpit.uiUrl };
}

async function settleAll<T extends unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as T;
}
