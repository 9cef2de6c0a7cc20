import { bundleWorkflowCode } from '@temporalio/worker';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const workflowsPath = join(root, 'workflows', 'index.ts');
const bundledDirs = ['workflows', 'domain'];

/**
 * The workflow bundle is built once per version of the workflow code and kept on disk, so starting a
 * worker costs a file read rather than a webpack run.
 */
export async function provideWorkflowBundle(options: { cacheDir?: string; logger?: Logger } = {}): Promise<{ codePath: string }> {
  const cacheDir = options.cacheDir ?? join(root, 'node_modules', '.cache', 'switchboard');
  const codePath = join(cacheDir, `workflow-bundle-${await sourceHash()}.js`);
  if (await readFile(codePath, 'utf8').then(() => true, () => false)) return { codePath };
  const started = Date.now();
  // Every workflow module is evaluated once per workflow thread and shared, its exports frozen, by all the workflows
  // the thread runs, rather than evaluated afresh for each workflow: that was about 60 KB of heap for every cached
  // call, and CPU in every workflow's first task (bench/README.md). Sharing is safe because no workflow module keeps
  // state between workflows: module-level values are definitions (signals, queries, activity proxies, patch names)
  // and a pure cache (domain/zone-time.ts's formatters).
  const { code } = await bundleWorkflowCode({ workflowsPath, preloadModules: [workflowsPath], logger: quiet(options.logger) });
  await mkdir(cacheDir, { recursive: true });
  // Write then rename: a concurrent starter never reads half a bundle.
  const partial = `${codePath}.${process.pid}.tmp`;
  await writeFile(partial, code);
  await rename(partial, codePath);
  options.logger?.info({ ms: Date.now() - started, codePath }, 'workflow bundle built');
  return { codePath };
}

async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  const lock = await readFile(join(root, 'package-lock.json'), 'utf8').catch(() => '');
  hash.update(lock);
  // How the bundle is built is part of what it is.
  hash.update(await readFile(fileURLToPath(import.meta.url)));
  for (const dir of bundledDirs) {
    const files = (await readdir(join(root, dir), { recursive: true })).filter((f) => f.endsWith('.ts')).sort();
    for (const file of files) hash.update(file).update(await readFile(join(root, dir, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

function quiet(logger?: Logger) {
  const log = (level: 'debug' | 'warn' | 'error') => (message: string, meta?: object) => logger?.[level](meta ?? {}, message);
  return { log: (_level: string, message: string, meta?: object) => logger?.debug(meta ?? {}, message), trace: log('debug'), debug: log('debug'), info: log('debug'), warn: log('warn'), error: log('error') };
}
