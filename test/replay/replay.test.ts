import { Worker } from '@temporalio/worker';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

const dir = fileURLToPath(new URL('./histories/', import.meta.url));
const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();

// Each recorded history (one per call path, recorded by `RECORD_HISTORIES=1 npx vitest run test/calls`)
// must replay against today's workflow code: a change that would break running workflows fails here.
describe('replaying recorded workflow histories', () => {
  it('has histories to replay', () => expect(files.length).toBeGreaterThanOrEqual(15));

  it.each(files)('%s', async (file) => {
    const history = JSON.parse(await readFile(`${dir}${file}`, 'utf8'));
    await expect(Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history, file)).resolves.toBeUndefined();
  });
});
