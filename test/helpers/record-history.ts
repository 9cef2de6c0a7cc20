import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, inject } from 'vitest';

const dir = fileURLToPath(new URL('../replay/histories/', import.meta.url));
const run = promisify(execFile);

/**
 * With RECORD_HISTORIES=1, keeps the finished workflow's history as a replay fixture named after the
 * current test, in the Temporal CLI's JSON export format. Re-record only when a change to running
 * workflows is intended (and versioned with patched()).
 */
export async function recordHistory(workflowId: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const name = (expect.getState().currentTestName ?? workflowId).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 90);
  const { stdout } = await run(inject('temporalCliPath'), ['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', '--address', inject('temporalAddress')], { maxBuffer: 64 << 20 });
  await writeFile(`${dir}${name}.json`, stdout);
}
