// Finds or builds Mailpit (the mail viewer `dev` and `demo` start) the way the engine does, and says where it is.
import { pino } from 'pino';
import { provideGoBinary } from '../infra/go-binary.ts';
import { mailpitTool } from '../infra/mailpit.ts';

const started = performance.now();
const path = await provideGoBinary(mailpitTool, { logger: pino() });
console.log(`mailpit: ${path ?? 'not available (no Go): mail goes to .eml files'} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
