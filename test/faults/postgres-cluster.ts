import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A PostgreSQL cluster of the suite's own, on its own port and data folder, that it may stop and start at will. */
export interface PostgresCluster {
  port: number;
  url(database?: string): string;
  start(): Promise<void>;
  /** `pg_ctl stop -m fast`: every client connection is cut, as in a server restart. */
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * initdb into `dir` (trust authentication, loopback only) and start it. As root, the server runs as the
 * `postgres` user (PostgreSQL refuses to run as root); otherwise as the current user.
 */
export async function createPostgresCluster(dir: string, port: number): Promise<PostgresCluster> {
  const bin = process.env.PG_BIN || (await findPostgresBin());
  const asRoot = process.getuid?.() === 0;
  const pg = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);
  const data = join(dir, 'data');
  await mkdir(dir, { recursive: true });
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout), Number(gid));
    // The postgres user must reach the folder through its parents (mkdtemp makes them private).
    await chmod(join(dir, '..'), 0o755);
  }
  await pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  // Durability of this throwaway server is not what the suite tests: skip fsync to spare the shared disk.
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  let running = false;
  const cluster: PostgresCluster = {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await pg('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', join(dir, 'server.log'), '-o', serverOptions]);
      running = true;
    },
    async stop() {
      await pg('pg_ctl', ['stop', '-w', '-t', '60', '-m', 'fast', '-D', data]);
      running = false;
    },
    async destroy() {
      if (running) await cluster.stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}

async function findPostgresBin(): Promise<string> {
  const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  const newest = versions.map(Number).filter(Number.isFinite).sort((a, b) => b - a)[0];
  if (newest === undefined) throw new Error('PostgreSQL server binaries not found: install postgresql or set PG_BIN to the folder holding initdb and pg_ctl');
  return `/usr/lib/postgresql/${newest}/bin`;
}
