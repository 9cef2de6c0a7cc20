import { PostgreSqlContainer } from '@testcontainers/postgresql';

/**
 * A throwaway PostgreSQL in Docker, for machines that have a Docker engine and no database server:
 * `SWITCHBOARD_TESTCONTAINERS=1 ./switchboard test`. (The development machines have no Docker engine, so
 * there tests use DATABASE_URL or PGlite instead.)
 */
export async function startPostgresContainer(): Promise<{ url: string; stop(): Promise<void> }> {
  const container = await new PostgreSqlContainer('postgres:16-alpine').start();
  return { url: container.getConnectionUri(), stop: async () => void (await container.stop()) };
}
