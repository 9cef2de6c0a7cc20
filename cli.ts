// First, for its side effect: a process started without the engine's runtime settings replaces itself with one that has them.
import './infra/apply-runtime-settings.ts';
import { createLogger } from './infra/logger.ts';
import { loadConfig } from './infra/config.ts';
import type { StackRoles } from './infra/stack.ts';

// Start-up errors are recognised by name, so a configuration error never has to load the whole stack.
const userFacingErrors = new Set(['ConfigError', 'StartupError', 'PortInUse', 'TemporalCliMissing', 'UsageError', 'RefusedBySwitchboard']);

const usage = `usage: switchboard <command>
  dev      API, worker, embedded Temporal and database in one process (the embedded defaults)
  demo     dev with a demo organization and a scripted day played at speed (--exit: end after the summary)
  simulate the carrier simulator against a running Switchboard: place a call, send a text (simulate --help)
  api      the HTTP API only (needs DATABASE_URL and TEMPORAL_ADDRESS)
  worker   the Temporal worker only (needs DATABASE_URL and TEMPORAL_ADDRESS)
  migrate  apply database migrations and exit`;

const commands: Record<string, StackRoles | 'migrate'> = {
  dev: { api: true, worker: true, embedded: true },
  api: { api: true, worker: false, embedded: false },
  worker: { api: false, worker: true, embedded: false },
  migrate: 'migrate',
};

async function main(argv: string[]): Promise<void> {
  // Tools beside the engine: each reads what it needs itself.
  if (argv[0] === 'simulate') {
    const { simulate, simulateUsage } = await import('./simulator/simulate-command.ts');
    if (argv.includes('--help') || argv.length === 1) return void console.log(simulateUsage);
    return simulate(argv.slice(1), process.env);
  }
  if (argv[0] === 'demo') {
    const { runDemo } = await import('./demo/run-demo.ts');
    return runDemo(argv.slice(1), process.env);
  }
  const command = commands[argv[0] ?? ''];
  if (!command) {
    console.error(usage);
    process.exit(argv[0] && argv[0] !== 'help' ? 2 : 0);
  }
  const started = performance.now();
  const config = loadConfig(process.env);
  const logger = createLogger(config);

  if (command === 'migrate') {
    const { openConfiguredDatabase } = await import('./infra/stack.ts');
    const { migrateDatabase } = await import('./db/migrate.ts');
    const handle = await openConfiguredDatabase(config, { embedded: true });
    await migrateDatabase(handle);
    await handle.close();
    logger.info({ database: handle.description }, 'migrations applied');
    return;
  }

  const { startStack } = await import('./infra/stack.ts');
  const stack = await startStack(config, logger, command);
  logger.info({
    ms: Math.round(performance.now() - started), api: stack.apiUrl, temporal: stack.temporalAddress, temporalUi: stack.temporalUiUrl, mail: stack.mail?.viewerUrl ?? stack.mail?.description,
  }, 'switchboard ready');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests, draining the worker');
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // Configuration and start-up problems are the user's to fix: one line, no stack trace.
  if (error instanceof Error && userFacingErrors.has(error.constructor.name)) console.error(`switchboard: ${error.message}`);
  else console.error('switchboard: unexpected error at start-up:', error);
  process.exit(1);
});
