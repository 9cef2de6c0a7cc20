// Finds or builds the real Temporal server and its SQL tool (as test:faults --server real and the call-load
// benchmark use them), and says where they are and how long it took. Minutes the first time on a machine.
import { pino } from 'pino';
import { provideTemporalServerBinaries } from '../infra/temporal-server-binaries.ts';

const started = performance.now();
const binaries = await provideTemporalServerBinaries({ logger: pino() });
console.log(`temporal server: ${binaries.server} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
