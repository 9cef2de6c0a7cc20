import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { findFreePort } from '../infra/ports.ts';
import { createPostgresCluster } from '../test/faults/postgres-cluster.ts';

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The PostgreSQL the benchmarks run on: DATABASE_URL when set; else a fresh database on the local server
 * (127.0.0.1:5432, dropped afterwards); else a cluster of the run's own. So `npm run bench` needs no input.
 */
export async function provideBenchDatabase(env: NodeJS.ProcessEnv = process.env): Promise<{ url: string; description: string; drop(): Promise<void> }> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, description: 'DATABASE_URL', drop: async () => undefined };
  const name = `switchboard_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(LOCAL_SERVER, { max: 1, connect_timeout: 5, onnotice: () => undefined });
  try {
    await admin.unsafe(`create database ${name}`);
    return {
      url: LOCAL_SERVER.replace(/\/postgres$/, `/${name}`), description: `a fresh database on 127.0.0.1:5432 (${name})`,
      drop: async () => {
        const dropper = postgres(LOCAL_SERVER, { max: 1, onnotice: () => undefined });
        await dropper.unsafe(`drop database if exists ${name} with (force)`).finally(() => dropper.end());
      },
    };
  } catch {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-bench-pg-'));
    const cluster = await createPostgresCluster(join(dir, 'postgres'), await findFreePort());
    return { url: cluster.url(), description: 'a PostgreSQL cluster of its own', drop: async () => {
      await cluster.destroy();
      await rm(dir, { recursive: true, force: true });
    } };
  } finally {
    await admin.end();
  }
}
