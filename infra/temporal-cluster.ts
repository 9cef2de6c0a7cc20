import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { execFile, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import { registerSearchAttributes } from './temporal-connection.ts';
import { stopChild } from './child-process.ts';
import { latencyDynamicConfig } from './temporal-latency-config.ts';
import { waitUntilServing } from './temporal-dev-server.ts';
import type { TemporalServerBinaries } from './temporal-server-binaries.ts';

const run = promisify(execFile);
const SETPRIV = '/usr/bin/setpriv';

export interface TemporalClusterOptions {
  binaries: TemporalServerBinaries;
  /** Where its persistence lives: a PostgreSQL server (12 or later) and a login that may create databases. */
  postgres: { host: string; port: number; user: string; password?: string };
  /** Its two databases are `<prefix>` and `<prefix>_visibility`. */
  databasePrefix?: string;
  /** Holds the generated configuration. */
  dataDir: string;
  /** The frontend's gRPC port; 0 picks a free one. */
  port?: number;
  namespace: string;
  logger: Logger;
}

export interface TemporalCluster {
  address: string;
  stop(): Promise<void>;
}

/**
 * A real Temporal server (all four services in one process) on PostgreSQL: the schemas set up or updated
 * with temporal-sql-tool, a configuration modelled on the module's config/development-postgres12.yaml with
 * free ports, then the namespace and our search attributes. Stopping leaves the databases for next time.
 */
export async function startTemporalCluster(options: TemporalClusterOptions): Promise<TemporalCluster> {
  const log = options.logger.child({ component: 'temporal-server' });
  const prefix = options.databasePrefix ?? 'temporal';
  await setUpSchema(options, prefix, 'temporal', log);
  await setUpSchema(options, `${prefix}_visibility`, 'visibility', log);

  // Ringpop's membership ports must stay below 32768, out of the kernel's ephemeral range: take all ports there.
  const taken = new Set<number>();
  const port = options.port || (await freeLowPort(taken));
  taken.add(port);
  const ports = { http: await freeLowPort(taken), history: await freeLowPort(taken), matching: await freeLowPort(taken), worker: await freeLowPort(taken),
    frontendMembership: await freeLowPort(taken), historyMembership: await freeLowPort(taken), matchingMembership: await freeLowPort(taken), workerMembership: await freeLowPort(taken) };
  await mkdir(join(options.dataDir, 'config'), { recursive: true });
  const dynamicConfigPath = join(options.dataDir, 'config', 'dynamic.yaml');
  // JSON is YAML: both files are written as JSON.
  await writeFile(dynamicConfigPath, JSON.stringify(dynamicConfig, null, 2));
  await writeFile(join(options.dataDir, 'config', 'switchboard.yaml'), JSON.stringify(serverConfig(options, prefix, port, ports, dynamicConfigPath), null, 2));

  const args = ['--root', options.dataDir, '--config', 'config', '--env', 'switchboard', '--allow-no-auth', 'start'];
  // As with the dev server: where setpriv exists, the kernel stops the server when its parent dies.
  const setpriv = await access(SETPRIV, constants.X_OK).then(() => true, () => false);
  const child = setpriv
    ? spawn(SETPRIV, ['--pdeathsig', 'TERM', options.binaries.server, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(options.binaries.server, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const recent: string[] = [];
  const remember = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      recent.push(line);
      if (recent.length > 20) recent.shift();
      log.debug(line);
    }
  };
  child.stdout.on('data', remember);
  child.stderr.on('data', remember);

  const address = `127.0.0.1:${port}`;
  try {
    await waitUntilServing(child, address, 120_000);
    await prepareNamespace(address, options.namespace);
  } catch (error) {
    await stopChild(child);
    throw new Error(`the Temporal server did not start: ${(error as Error).message}; last output: ${recent.slice(-3).join(' | ')}`);
  }
  log.info({ address, ports }, 'Temporal server running');
  return { address, stop: () => stopChild(child) };
}

async function setUpSchema(options: TemporalClusterOptions, database: string, schema: 'temporal' | 'visibility', log: Logger): Promise<void> {
  const { host, port, user, password } = options.postgres;
  const base = ['--plugin', 'postgres12', '--ep', host, '-p', String(port), '-u', user, ...(password ? ['--pw', password] : []), '--db', database];
  const tool = (...args: string[]) => run(options.binaries.sqlTool, [...base, ...args], { maxBuffer: 16 << 20 });
  const created = await tool('create-database').then(() => true, (error: { stderr?: string }) => {
    if (/already exists/.test(String(error.stderr ?? error))) return false;
    throw new Error(`temporal-sql-tool could not create ${database} on ${host}:${port}: ${String(error.stderr ?? error).trim().split('\n').slice(-2).join(' | ')}`);
  });
  // A new database gets the version table; every start brings the schema up to this server's version.
  if (created) await tool('setup-schema', '-v', '0.0');
  await tool('update-schema', '-d', join(options.binaries.schemaDir, 'postgresql', 'v12', schema, 'versioned'));
  log.debug({ database, created }, 'schema up to date');
}

type Ports = Record<'http' | 'history' | 'matching' | 'worker' | 'frontendMembership' | 'historyMembership' | 'matchingMembership' | 'workerMembership', number>;

function serverConfig(options: TemporalClusterOptions, prefix: string, port: number, ports: Ports, dynamicConfigPath: string) {
  const { host, port: pgPort, user, password } = options.postgres;
  const store = (databaseName: string, maxConns: number) => ({
    sql: { pluginName: 'postgres12', databaseName, connectAddr: `${host}:${pgPort}`, connectProtocol: 'tcp', user, password: password ?? '', maxConns, maxIdleConns: maxConns, maxConnLifetime: '1h' },
  });
  const rpc = (grpcPort: number, membershipPort: number, extra: Record<string, unknown> = {}) => ({ rpc: { grpcPort, membershipPort, bindOnLocalHost: true, ...extra } });
  return {
    log: { stdout: true, level: 'warn', format: 'json' },
    persistence: {
      defaultStore: 'postgres-default', visibilityStore: 'postgres-visibility', numHistoryShards: 4,
      datastores: { 'postgres-default': store(prefix, 20), 'postgres-visibility': store(`${prefix}_visibility`, 4) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: rpc(port, ports.frontendMembership, { httpPort: ports.http }),
      history: rpc(ports.history, ports.historyMembership),
      matching: rpc(ports.matching, ports.matchingMembership),
      worker: rpc(ports.worker, ports.workerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false, failoverVersionIncrement: 10, masterClusterName: 'active', currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${port}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: dynamicConfigPath, pollInterval: '10s' },
  };
}

const dynamicConfig = {
  'limit.maxIDLength': [{ value: 255, constraints: {} }],
  // Update-with-start (the Twilio path) is a multi-operation.
  'frontend.enableExecuteMultiOperation': [{ value: true, constraints: {} }],
  // The search attributes registered at start must be usable at once, not after the 60 s cache refresh.
  'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true, constraints: {} }],
  // The first ring's latency (temporal-latency-config.ts says why each).
  ...Object.fromEntries(Object.entries(latencyDynamicConfig).map(([key, value]) => [key, [{ value, constraints: {} }]])),
};

/** Registers the namespace (once) and our search attributes, and waits until both can be used. */
async function prepareNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('3 days') }).catch((error: { code?: number }) => {
      if (error.code !== 6) throw error; // ALREADY_EXISTS
    });
    // The frontend learns of a new namespace on its next registry refresh (every 2 s): try until then.
    for (let attempt = 0; ; attempt++) {
      try {
        await connection.workflowService.countWorkflowExecutions({ namespace });
        await registerSearchAttributes(connection, namespace);
        return;
      } catch (error) {
        if (attempt >= 60) throw error;
        await delay(500);
      }
    }
  } finally {
    await connection.close();
  }
}

/** A free loopback port in 20000–32767, not already handed out in this start. */
async function freeLowPort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12768);
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free port below 32768');
}
