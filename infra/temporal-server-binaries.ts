import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import { findGo, isExecutable, toolCacheDir as temporalCliCacheDir } from './go-binary.ts';

const run = promisify(execFile);
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const modules = {
  'temporal-server': `go.temporal.io/server/cmd/server@${TEMPORAL_SERVER_VERSION}`,
  'temporal-sql-tool': `go.temporal.io/server/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`,
} as const;
// `go install` names a binary after its package folder.
const goNames = { 'temporal-server': 'server', 'temporal-sql-tool': 'sql' } as const;

export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
  /** The module's `schema/` folder (PostgreSQL schemas and their versioned updates), kept beside the binaries. */
  schemaDir: string;
}

/**
 * The real Temporal server and its SQL schema tool, built once per machine with `go install` into the same
 * cache as the CLI (about two minutes each once the CLI's modules are cached), with the module's schema
 * folder copied next to them, so later runs need neither Go nor the module cache.
 */
export async function provideTemporalServerBinaries(options: { logger?: Logger; env?: NodeJS.ProcessEnv } = {}): Promise<TemporalServerBinaries> {
  const env = options.env ?? process.env;
  const cacheDir = temporalCliCacheDir(env);
  await mkdir(cacheDir, { recursive: true });
  const binary = async (name: keyof typeof modules): Promise<string> => {
    const target = join(cacheDir, name);
    if (await isExecutable(target)) return target;
    // A plain `GOBIN=<cache> go install` (run by hand) leaves them under Go's names: use those as they are.
    if (await isExecutable(join(cacheDir, goNames[name]))) return join(cacheDir, goNames[name]);
    await goInstall(name, target, env, options.logger);
    return target;
  };
  const paths = { server: await binary('temporal-server'), sqlTool: await binary('temporal-sql-tool'), schemaDir: join(cacheDir, `temporal-server-${TEMPORAL_SERVER_VERSION}-schema`) };
  if (!(await stat(join(paths.schemaDir, 'postgresql')).then(() => true, () => false))) {
    const go = await requireGo(env);
    const { stdout } = await run(go, ['mod', 'download', '-json', `go.temporal.io/server@${TEMPORAL_SERVER_VERSION}`], { env, maxBuffer: 16 << 20 });
    const { Dir } = JSON.parse(stdout) as { Dir: string };
    const partial = `${paths.schemaDir}.${process.pid}.tmp`;
    await cp(join(Dir, 'schema'), partial, { recursive: true });
    await rename(partial, paths.schemaDir);
  }
  return paths;
}

async function goInstall(name: keyof typeof modules, target: string, env: NodeJS.ProcessEnv, logger?: Logger): Promise<void> {
  const go = await requireGo(env);
  logger?.info({ module: modules[name] }, `building ${name} with Go (a few minutes, once per machine)`);
  const started = Date.now();
  // Into a folder of its own, then renamed: a concurrent build never leaves half a binary under the final name.
  const gobin = await mkdtemp(`${target}.build-`);
  try {
    await run(go, ['install', modules[name]], { env: { ...env, GOBIN: gobin }, maxBuffer: 64 << 20 });
    await rename(join(gobin, goNames[name]), target);
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? error).trim().split('\n').slice(-3).join(' | ');
    throw new Error(`building ${name} failed (go install ${modules[name]}): ${stderr}`);
  } finally {
    await rm(gobin, { recursive: true, force: true });
  }
  logger?.info({ seconds: Math.round((Date.now() - started) / 1000) }, `${name} built`);
}

async function requireGo(env: NodeJS.ProcessEnv): Promise<string> {
  const go = await findGo(env);
  if (!go) throw new Error(`Go is needed once to build the Temporal server ${TEMPORAL_SERVER_VERSION} (https://go.dev/dl/)`);
  return go;
}
