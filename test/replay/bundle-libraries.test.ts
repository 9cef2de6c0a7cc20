import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';

/** The npm packages whose modules the workflow bundle holds (webpack names each module by its path). */
async function bundledPackages(codePath: string): Promise<string[]> {
  const code = await readFile(codePath, 'utf8');
  return [...new Set([...code.matchAll(/node_modules\/((?:@[\w.-]+\/)?[\w.-]+)\//g)].map((match) => match[1]!))].sort();
}

// Every workflow's sandbox evaluates the modules its code imports by value. zod and luxon there cost each cached
// workflow most of a megabyte (MEASURED.md, "Worker memory"): schemas belong at the edges, and workflow code gets
// plain functions (domain/zone-time.ts, domain/policies/open-hours.ts, iso-duration.ts, calls/event-keys.ts).
describe('the workflow bundle', () => {
  it('holds neither zod nor luxon', async () => {
    const packages = await bundledPackages(inject('workflowBundlePath'));
    expect(packages).toContain('@temporalio/workflow');
    expect(packages.filter((name) => name === 'zod' || name === 'luxon' || name.startsWith('zod-'))).toEqual([]);
  });

  // Each workflow evaluating its own copy of every module cost each cached call about 60 KB of heap and its first
  // task the CPU to evaluate them (infra/workflow-bundle.ts): the bundle loads them once, before any workflow.
  it('loads the workflow modules once, for every workflow to share', async () => {
    const code = await readFile(inject('workflowBundlePath'), 'utf8');
    const preloaded = code.match(/exports\.preloadModules = function preloadModules\(\) \{([^}]*)\}/)?.[1] ?? '';
    expect(preloaded).toMatch(/workflows\/index\.ts/);
  });
});
