import { parseArgs } from 'node:util';

/** Everything a fault run can be told; each flag also reads FAULTS_<NAME> (e.g. FAULTS_CALLS=50). */
export interface FaultOptions {
  server: 'dev' | 'real';
  workers: number;
  apis: number;
  calls: number;
  sms: number;
  /** How many times the carrier delivers each SMS webhook. */
  deliveries: number;
  /** Over how long calls and SMS arrive; by default the length of the fault schedule. */
  loadSec: number;
  pgDownSec: number;
  smtpDownSec: number;
  carrierDownSec: number;
  /** The calm between two faults. */
  gapSec: number;
  /** After the last fault: how long everything may take to finish before it is counted as it stands. */
  settleSec: number;
  /** How long the carrier answers cancel_ring (the answer-during-cancel race needs it in flight). */
  cancelRingDelayMs: number;
  ringTimeoutSec: number;
  maxWaitSec: number;
  /** How long a caller waits for the next thing to happen (a ring, the voicemail greeting) before hanging up. */
  patienceSec: number;
  /** A control run: the same load without any fault, to show the suite's expectations hold when nothing breaks. */
  noFaults: boolean;
  keep: boolean;
  verbose: boolean;
}

export const usage = `usage: npm run test:faults -- [--quick | --long] [--server dev|real] [options]
  --quick / --long      sizes: quick 30 calls and 30 SMS (CI); long: PostgreSQL down 60 s, carrier 500 for 45 s
  --server dev|real     the Temporal CLI's dev server (default), or the real server with two workers and two APIs
  --workers N --apis N  processes of each (default 1 on dev, 2 on real)
  --calls N --sms N     load (default 200 and 200); --deliveries N: copies of each SMS webhook (default 2)
  --load-sec S          calls and SMS arrive over S seconds (default: the length of the fault schedule)
  --pg-down S --smtp-down S --carrier-down S --gap S   fault lengths (10, 60, 20) and the calm between faults (5)
  --settle S            after the faults, how long to wait for everything to finish (default 180)
  --cancel-ring-delay-ms MS --ring-timeout S --max-wait S   carrier and routing timings (1500, 6, 14)
  --patience S          how long a caller waits for the next ring or the greeting before hanging up (180)
  --no-faults           a control run: the same load, no faults (every count should then be 0)
  --keep                keep the run folder (logs of every process, the PostgreSQL log)
  --verbose             print each fault as it happens`;

const numeric = ['workers', 'apis', 'calls', 'sms', 'deliveries', 'load-sec', 'pg-down', 'smtp-down', 'carrier-down', 'gap', 'settle', 'cancel-ring-delay-ms', 'ring-timeout', 'max-wait', 'patience'] as const;

export function parseFaultOptions(argv: string[], env: NodeJS.ProcessEnv): FaultOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(numeric.map((name) => [name, { type: 'string' as const }])),
      server: { type: 'string' }, quick: { type: 'boolean' }, 'no-faults': { type: 'boolean' }, long: { type: 'boolean' }, keep: { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  const given = (name: string): string | undefined => (values as Record<string, string | boolean | undefined>)[name] as string | undefined ?? env[`FAULTS_${name.toUpperCase().replace(/-/g, '_')}`];
  const flag = (name: string) => (values as Record<string, unknown>)[name] === true || env[`FAULTS_${name.toUpperCase().replace(/-/g, '_')}`] === '1';
  const number = (name: (typeof numeric)[number], fallback: number) => {
    const text = given(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number ≥ 0 (got ${JSON.stringify(text)})`);
    return value;
  };
  const server = given('server') ?? 'dev';
  if (server !== 'dev' && server !== 'real') throw new Error(`--server must be dev or real (got ${JSON.stringify(server)})`);
  const quick = flag('quick');
  const long = flag('long');
  const size = quick ? 30 : 200;
  const options = {
    server, workers: number('workers', server === 'real' ? 2 : 1), apis: number('apis', server === 'real' ? 2 : 1),
    calls: number('calls', size), sms: number('sms', size), deliveries: number('deliveries', 2),
    pgDownSec: number('pg-down', long ? 60 : 10), smtpDownSec: number('smtp-down', 60), carrierDownSec: number('carrier-down', long ? 45 : 20),
    gapSec: number('gap', 5), settleSec: number('settle', 180), cancelRingDelayMs: number('cancel-ring-delay-ms', 1500),
    ringTimeoutSec: number('ring-timeout', 6), maxWaitSec: number('max-wait', 14), patienceSec: number('patience', 180), noFaults: flag('no-faults'), keep: flag('keep'), verbose: flag('verbose'), loadSec: 0,
  } satisfies FaultOptions;
  if (options.workers < 1 || options.apis < 1) throw new Error('--workers and --apis must be at least 1');
  options.loadSec = number('load-sec', scheduleSeconds(options));
  return options;
}

/** Roughly how long the fault schedule in faults.ts lasts (process restarts take a few seconds each). */
function scheduleSeconds(o: Pick<FaultOptions, 'gapSec' | 'pgDownSec' | 'carrierDownSec' | 'smtpDownSec'>): number {
  const restarts = 2 * 5;
  return Math.max(o.gapSec * 4 + restarts + o.pgDownSec + o.carrierDownSec, o.gapSec * 3 + restarts + o.smtpDownSec);
}
