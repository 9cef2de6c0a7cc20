import { execFile } from 'node:child_process';
import { access, constants, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from 'pino';

const run = promisify(execFile);
// Later tags of the CLI carry replace directives that `go install` refuses.
const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export class TemporalCliMissing extends Error {}

export function temporalCliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'switchboard', 'bin');
}

/**
 * Finds the official Temporal CLI (it holds the dev server): TEMPORAL_CLI_PATH, then `temporal` on PATH,
 * then our cache, then builds it with Go into the cache. Building takes minutes, once per machine.
 */
export async function provideTemporalCli(options: { explicitPath?: string; logger?: Logger; env?: NodeJS.ProcessEnv }): Promise<string> {
  const env = options.env ?? process.env;
  if (options.explicitPath) {
    if (await isExecutable(options.explicitPath)) return options.explicitPath;
    throw new TemporalCliMissing(`TEMPORAL_CLI_PATH ${options.explicitPath} is not an executable file`);
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    if (await isExecutable(join(dir, 'temporal'))) return join(dir, 'temporal');
  }
  const cacheDir = temporalCliCacheDir(env);
  const cached = join(cacheDir, 'temporal');
  if (await isExecutable(cached)) return cached;
  const go = await findGo(env);
  if (!go) {
    throw new TemporalCliMissing(
      `the Temporal CLI was not found: install it (https://docs.temporal.io/cli) and put it on PATH or in TEMPORAL_CLI_PATH, install Go so Switchboard can build it, or set TEMPORAL_ADDRESS to a running Temporal server`,
    );
  }
  options.logger?.info({ module: TEMPORAL_CLI_MODULE, into: cacheDir }, 'building the Temporal CLI with Go (a few minutes, once per machine)');
  await mkdir(cacheDir, { recursive: true });
  const started = Date.now();
  try {
    await run(go, ['install', TEMPORAL_CLI_MODULE], { env: { ...env, GOBIN: cacheDir }, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? error).trim().split('\n').slice(-3).join(' | ');
    throw new TemporalCliMissing(`building the Temporal CLI failed (go install ${TEMPORAL_CLI_MODULE}): ${stderr}`);
  }
  options.logger?.info({ seconds: Math.round((Date.now() - started) / 1000) }, 'Temporal CLI built');
  return cached;
}

export async function findGo(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const dirs = [...(env.PATH ?? '').split(delimiter), '/usr/local/go/bin'].filter(Boolean);
  for (const dir of dirs) if (await isExecutable(join(dir, 'go'))) return join(dir, 'go');
  return undefined;
}

export async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
