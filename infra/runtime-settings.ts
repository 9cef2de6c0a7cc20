// The runtime settings a Switchboard process runs with, and how to tell which a process lacks. Both can only be
// given before the process starts: glibc reads its variables before any JavaScript runs, and V8 sizes its young
// generation when it creates the main isolate; infra/apply-runtime-settings.ts (imported first by cli.ts)
// replaces a process started without them. A value the operator gave is kept. See bench/README.md.
/**
 * glibc's initial M_MMAP_THRESHOLD (128 KiB). Set explicitly, it stops glibc raising the threshold (up to
 * 32 MiB) each time a large block is freed; Node's Buffers, PGlite's and Temporal core's are such blocks, so
 * under the default they end up carved from the heap, and the freed space stays resident between live blocks.
 * `switchboard dev` idled at 435-503 MB with the default and 283-293 MB with this (paired starts; the [heap]
 * mapping of /proc/PID/smaps fell from 105-134 MB to 45-54 MB).
 */
export const MMAP_THRESHOLD_BYTES = 128 * 1024;

/**
 * V8's young generation, per semi-space (MB). On a machine with memory to spare V8 lets it grow to 64 MB, twice
 * over, in the main isolate and in the worker's workflow isolate, and start-up alone fills it (loading the
 * modules allocates some 200 MB of short-lived objects). A worker that had played three calls held 360 MB with
 * that, 261 MB with this, at the same calls per second (bench/call-load.ts, dev server, PostgreSQL).
 */
export const MAX_SEMI_SPACE_MB = 16;

/** Set on a replaced process to its pid (execve keeps it). */
export const REPLACED_PID = 'SWITCHBOARD_RUNTIME_SETTINGS_PID';

/** What a process with this environment and these Node flags lacks: environment variables to add, flags to add. */
export function missingRuntimeSettings(env: NodeJS.ProcessEnv, execArgv: readonly string[], platform: NodeJS.Platform, pid: number): { env: Record<string, string>; flags: string[] } {
  const missing = { env: {} as Record<string, string>, flags: [] as string[] };
  // The replacement keeps the pid and is told it: a process is replaced at most once, whatever it finds then,
  // while a process it starts (another pid) still gets the settings.
  if (env[REPLACED_PID] === String(pid)) return missing;
  const glibcMallocTuned = env.MALLOC_MMAP_THRESHOLD_ !== undefined || (env.GLIBC_TUNABLES ?? '').includes('glibc.malloc.');
  if (platform === 'linux' && !glibcMallocTuned) missing.env.MALLOC_MMAP_THRESHOLD_ = String(MMAP_THRESHOLD_BYTES);
  const nodeFlags = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (!nodeFlags.some((flag) => /^--max[-_]semi[-_]space[-_]size\b/.test(flag))) missing.flags.push(`--max-semi-space-size=${MAX_SEMI_SPACE_MB}`);
  return missing;
}
