// Runs a real Temporal server (not the dev server) on PostgreSQL until Ctrl-C: `npm run temporal:cluster -- --help`.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { startTemporalCluster } from '../infra/temporal-cluster.ts';
import { provideTemporalServerBinaries } from '../infra/temporal-server-binaries.ts';

const usage = `usage: npm run temporal:cluster -- [--postgres URL] [--databases PREFIX] [--port N] [--namespace NAME] [--data-dir DIR]
  --postgres   PostgreSQL whose login may create databases (default $TEMPORAL_POSTGRES_URL or postgres://postgres@127.0.0.1:5432)
  --databases  the server's two databases are PREFIX and PREFIX_visibility (default temporal)
  --port       the frontend's gRPC port (default 7233; 0 = any free port)
  --namespace  registered with our search attributes (default "default")
  --data-dir   where the generated configuration goes (default data/temporal-server)`;

const { values } = parseArgs({
  options: {
    postgres: { type: 'string', default: process.env.TEMPORAL_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432' },
    databases: { type: 'string', default: 'temporal' },
    port: { type: 'string', default: '7233' },
    namespace: { type: 'string', default: 'default' },
    'data-dir': { type: 'string', default: 'data/temporal-server' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const url = new URL(values.postgres);
const cluster = await startTemporalCluster({
  binaries: await provideTemporalServerBinaries({ logger }),
  postgres: { host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username || 'postgres'), password: decodeURIComponent(url.password) || undefined },
  databasePrefix: values.databases,
  dataDir: resolve(values['data-dir']),
  port: Number(values.port),
  namespace: values.namespace,
  logger,
});
console.log(`TEMPORAL_ADDRESS=${cluster.address} TEMPORAL_NAMESPACE=${values.namespace}  (Ctrl-C stops the server)`);
const stop = () => void cluster.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
