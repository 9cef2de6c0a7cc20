import { pino } from 'pino';
import { openDatabase } from '../db/database.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { findFreePort } from '../infra/ports.ts';
import { provideTemporalCli } from '../infra/temporal-cli.ts';
import { connectTemporalClient, registerSearchAttributes } from '../infra/temporal-connection.ts';
import { startDevServer, type DevServer } from '../infra/temporal-dev-server.ts';
import { provideWorkflowBundle } from '../infra/workflow-bundle.ts';
import { startLocalStack, type LocalStackOptions, type TestStack } from '../test/helpers/local-stack.ts';

/**
 * What every benchmark stands on: PostgreSQL from DATABASE_URL migrated (when set), a Temporal dev server of
 * its own with the search attributes, and the local stack (API and worker) in this process.
 */
export async function startBenchStack(options: Omit<LocalStackOptions, 'temporalAddress' | 'workflowBundlePath'> = {}): Promise<{ stack: TestStack; server: DevServer; stop(): Promise<void> }> {
  const logger = pino({ level: 'warn' });
  if (process.env.DATABASE_URL) {
    const setup = await openDatabase({ url: process.env.DATABASE_URL }, { maxConnections: 1 });
    await migrateDatabase(setup);
    await setup.close();
  }
  const server = await startDevServer({ cliPath: await provideTemporalCli({ logger }), port: await findFreePort(), namespace: 'default', logger });
  const { connection } = await connectTemporalClient(server.address, 'default');
  await registerSearchAttributes(connection, 'default');
  await connection.close();
  const stack = await startLocalStack({ ...options, temporalAddress: server.address, workflowBundlePath: (await provideWorkflowBundle({ logger })).codePath });
  return { stack, server, stop: async () => { await stack.stop(); await server.stop(); } };
}
