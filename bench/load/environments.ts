import { join } from 'node:path';
import { pino } from 'pino';
import { findFreePort } from '../../infra/ports.ts';
import { provideTemporalCli } from '../../infra/temporal-cli.ts';
import { startTemporalCluster } from '../../infra/temporal-cluster.ts';
import { startDevServer } from '../../infra/temporal-dev-server.ts';
import { provideTemporalServerBinaries } from '../../infra/temporal-server-binaries.ts';
import { createPostgresCluster } from '../../test/faults/postgres-cluster.ts';

/** What both stacks stand on in one setting: a Temporal server and, for Switchboard, a database. */
export interface Environment {
  temporal: 'dev' | 'real';
  database: 'postgres' | 'embedded';
  address: string;
  /** Switchboard's PostgreSQL, on the `postgres` settings. */
  databaseUrl?: string;
  stop(): Promise<void>;
}

export type SettingName = 'dev-postgres' | 'dev-embedded' | 'real-postgres';
export const settingNames: SettingName[] = ['dev-postgres', 'dev-embedded', 'real-postgres'];

/**
 * dev-postgres: the CLI's dev server in memory (as the tests and test:faults run it) and PostgreSQL.
 * dev-embedded: the dev server on its SQLite file and PGlite, as `switchboard dev` runs them.
 * real-postgres: the real Temporal server on a PostgreSQL cluster of its own (as `test:faults --server real`), and PostgreSQL.
 */
export async function startEnvironment(name: SettingName, runDir: string, databaseUrl: string): Promise<Environment> {
  const logger = pino({ level: 'warn' });
  const [temporal, database] = name.split('-') as ['dev' | 'real', 'postgres' | 'embedded'];
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (let step = stops.pop(); step; step = stops.pop()) await step().catch(() => undefined);
  };
  try {
    let address: string;
    if (temporal === 'dev') {
      const dataDir = database === 'embedded' ? join(runDir, 'temporal-dev') : undefined;
      const server = await startDevServer({ cliPath: await provideTemporalCli({ logger }), dataDir, port: await findFreePort(), namespace: 'default', logger });
      stops.push(() => server.stop());
      address = server.address;
    } else {
      const postgres = await createPostgresCluster(join(runDir, 'temporal-postgres'), await findFreePort());
      stops.push(() => postgres.destroy());
      const cluster = await startTemporalCluster({
        binaries: await provideTemporalServerBinaries({ logger }), postgres: { host: '127.0.0.1', port: postgres.port, user: 'postgres' },
        dataDir: join(runDir, 'temporal-server'), namespace: 'default', logger,
      });
      stops.push(() => cluster.stop());
      address = cluster.address;
    }
    return { temporal, database, address, databaseUrl: database === 'postgres' ? databaseUrl : undefined, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
