import type { TestProject } from 'vitest/node';
import { pino } from 'pino';
import { openDatabase } from '../../db/database.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { findFreePort } from '../../infra/ports.ts';
import { provideTemporalCli } from '../../infra/temporal-cli.ts';
import { connectTemporalClient, registerSearchAttributes } from '../../infra/temporal-connection.ts';
import { startDevServer } from '../../infra/temporal-dev-server.ts';
import { provideWorkflowBundle } from '../../infra/workflow-bundle.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalCliPath: string;
    workflowBundlePath: string;
  }
}

/** Starts the real services once per test run: a Temporal dev server (in memory) and, with DATABASE_URL, migrates it. */
export default async function setup(project: TestProject) {
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' });
  const cliPath = await provideTemporalCli({ explicitPath: process.env.TEMPORAL_CLI_PATH, logger });
  const server = await startDevServer({ cliPath, port: await findFreePort(), namespace: 'default', logger });
  const { connection } = await connectTemporalClient(server.address, 'default');
  await registerSearchAttributes(connection, 'default');
  await connection.close();
  const bundle = await provideWorkflowBundle({ logger });

  let stopContainer: (() => Promise<void>) | undefined;
  if (!process.env.DATABASE_URL && process.env.SWITCHBOARD_TESTCONTAINERS === '1') {
    const { startPostgresContainer } = await import('../helpers/testcontainers.ts');
    const container = await startPostgresContainer();
    // Test processes are forked after this, and inherit it.
    process.env.DATABASE_URL = container.url;
    stopContainer = container.stop;
  }
  if (process.env.DATABASE_URL) {
    const database = await openDatabase({ url: process.env.DATABASE_URL }, { maxConnections: 1 });
    await migrateDatabase(database);
    await database.close();
  }

  project.provide('temporalAddress', server.address);
  project.provide('temporalCliPath', cliPath);
  project.provide('workflowBundlePath', bundle.codePath);
  return async () => {
    await server.stop();
    await stopContainer?.();
  };
}
