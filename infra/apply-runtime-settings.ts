// Imported first by cli.ts (and the benchmark's baseline), for its side effect: a process started without the
// engine's runtime settings (infra/runtime-settings.ts) replaces itself, once, with one that has them. execve
// keeps the pid, arguments and stdio, so `node cli.ts`, the npm scripts, Docker's CMD and the tests all run the
// engine as measured, with no second process in the tree.
import process from 'node:process';
import { missingRuntimeSettings, REPLACED_PID } from './runtime-settings.ts';

const missing = missingRuntimeSettings(process.env, process.execArgv, process.platform, process.pid);
if ((Object.keys(missing.env).length > 0 || missing.flags.length > 0) && typeof process.execve === 'function') {
  process.execve(process.execPath, [process.execPath, ...missing.flags, ...process.execArgv, ...process.argv.slice(1)], {
    ...process.env, ...missing.env, [REPLACED_PID]: String(process.pid),
  });
}
