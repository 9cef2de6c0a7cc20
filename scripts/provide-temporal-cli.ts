// Finds or builds the Temporal CLI the way the engine does, and says where it is and how long it took.
import { pino } from 'pino';
import { provideTemporalCli } from '../infra/temporal-cli.ts';

const started = performance.now();
const path = await provideTemporalCli({ explicitPath: process.env.TEMPORAL_CLI_PATH || undefined, logger: pino() });
console.log(`temporal cli: ${path} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
