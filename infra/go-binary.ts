import { execFile } from 'node:child_process';
import { access, constants, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from 'pino';

const run = promisify(execFile);

/** A tool Switchboard runs beside itself that Go can build from source when it is not installed. */
export interface GoTool {
  /** The executable's name, on PATH and in the cache. */
  binary: string;
  /** What `go install` builds, pinned: module@version. */
  module: string;
  /** For log lines: "the Temporal CLI". */
  label: string;
}

/** Go is there but `go install` failed: the last lines of its output say why. */
export class GoBuildFailed extends Error {}

/** Where built tools are cached, once per machine: ~/.cache/switchboard/bin. */
export function toolCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'switchboard', 'bin');
}

/**
 * Finds a tool on PATH or in the cache, else builds it there with Go (minutes, once per machine).
 * Undefined when it is nowhere and Go is missing: the caller decides whether that is fatal.
 */
export async function provideGoBinary(tool: GoTool, options: { logger?: Logger; env?: NodeJS.ProcessEnv } = {}): Promise<string | undefined> {
  const env = options.env ?? process.env;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    if (await isExecutable(join(dir, tool.binary))) return join(dir, tool.binary);
  }
  const cacheDir = toolCacheDir(env);
  const cached = join(cacheDir, tool.binary);
  if (await isExecutable(cached)) return cached;
  const go = await findGo(env);
  if (!go) return undefined;
  options.logger?.info({ module: tool.module, into: cacheDir }, `building ${tool.label} with Go (minutes, once per machine)`);
  await mkdir(cacheDir, { recursive: true });
  const started = Date.now();
  try {
    await run(go, ['install', tool.module], { env: { ...env, GOBIN: cacheDir }, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? error).trim().split('\n').slice(-3).join(' | ');
    throw new GoBuildFailed(`building ${tool.label} failed (go install ${tool.module}): ${stderr}`);
  }
  options.logger?.info({ seconds: Math.round((Date.now() - started) / 1000) }, `${tool.label} built`);
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
