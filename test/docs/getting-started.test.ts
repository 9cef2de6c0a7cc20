import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CarrierSimulator } from '../../simulator/carrier-simulator.ts';
import { repoRoot, runSwitchboard, waitForLog } from '../helpers/dev-process.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** The guide's shell blocks that call the API, in order, and the status each curl is documented to answer (`# → 201`). */
async function curlExamples(file: string) {
  const markdown = await readFile(join(repoRoot, file), 'utf8');
  const blocks = [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!).filter((block) => /\bcurl\b/.test(block));
  const expected = blocks.flatMap((block) => [...block.matchAll(/# → (\d{3})/g)].map((m) => Number(m[1])));
  return { blocks, expected };
}

// Records the status of every curl the examples run, then hands the body on as curl would have.
const recordingCurl = `
curl() {
  local out
  out=$(command curl -w '\\n%{http_code}' "$@") || return
  printf '%s\\n' "\${out##*$'\\n'}" >> "$STATUS_LOG"
  printf '%s\\n' "\${out%$'\\n'*}"
}
`;

const guides = ['README.md', 'docs/getting-started.md'];

describe('the curl examples of the README and docs/getting-started.md', () => {
  it('each runs against the real engine and answers the status it documents', async () => {
    const examples = await Promise.all(guides.map(curlExamples));
    for (const [i, { blocks, expected }] of examples.entries()) {
      expect(blocks.length, guides[i]).toBeGreaterThan(0);
      expect(blocks.join('\n').match(/\bcurl\b/g)!.length, `every curl in ${guides[i]} documents its status`).toBe(expected.length);
    }

    // The reader's checkout: `dev` keeps its data (and secrets.json) in ./data.
    const home = await mkdtemp(join(tmpdir(), 'switchboard-guide-'));
    dirs.push(home);
    // The README's agent sends texts and calls: the simulator is the carrier the guide tells the reader to point at.
    const carrierSecret = randomBytes(16).toString('hex');
    const carrier = new CarrierSimulator({ apiSecret: carrierSecret, webhookSecret: randomBytes(16).toString('hex') });
    await carrier.start();
    const dev = runSwitchboard('dev', {
      ...process.env, DATABASE_URL: '', TEMPORAL_ADDRESS: '', SMTP_URL: '', DATA_DIR: join(home, 'data'), PORT: '0',
      TEMPORAL_DEV_PORT: '0', TEMPORAL_DEV_UI_PORT: '0', LOG_FORMAT: 'json',
      PLATFORM_ADMIN_KEY: '', CARRIER_WEBHOOK_SECRET: '', CARRIER_API_URL: carrier.url, CARRIER_API_SECRET: carrierSecret,
    });
    // Port 0, the API's address read from its ready line: a port picked here could be taken before dev binds it.
    const { api } = (await waitForLog(dev, 'switchboard ready')) as { api: string };
    try {
      // The process started is the engine, running with the runtime settings it gives itself (infra/runtime-settings.ts).
      expect((await readFile(`/proc/${dev.child.pid}/environ`, 'utf8')).split('\0')).toContain('MALLOC_MMAP_THRESHOLD_=131072');
      expect((await readFile(`/proc/${dev.child.pid}/cmdline`, 'utf8')).split('\0')).toContain('--max-semi-space-size=16');
      const outputs: string[] = [];
      for (const [i, { blocks, expected }] of examples.entries()) {
        const statusLog = join(home, `statuses-${randomBytes(4).toString('hex')}`);
        const script = join(home, `guide-${i}.sh`);
        await writeFile(script, `set -euo pipefail\n${recordingCurl}\n${blocks.join('\n')}\n`);
        const bash = spawn('bash', [script], { cwd: home, env: { ...process.env, SB: api, STATUS_LOG: statusLog }, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        bash.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        bash.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        const code = await new Promise<number | null>((resolve) => bash.once('exit', resolve));
        expect(code, `${guides[i]}: ${output}`).toBe(0);
        const statuses = (await readFile(statusLog, 'utf8')).trim().split('\n').map(Number);
        expect(statuses, `${guides[i]}: ${output}`).toEqual(expected);
        outputs.push(output);
      }
      // The field error the guide quotes is the one the API gives.
      expect(outputs[1]).toContain('[{"path":"ringTimeoutSec","message":"Too small: expected number to be >=2"}]');
      // The agent's day reached the carrier: the text, the reply from the second line, and the call back.
      expect(carrier.commands.filter((c) => c.body.command === 'sms').map((c) => c.body.from)).toEqual(['+14155550180', '+14155550181']);
      expect(carrier.commands.filter((c) => c.body.command === 'dial').map((c) => ({ from: c.body.from, to: c.body.to }))).toEqual([{ from: '+14155550181', to: '+12025550144' }]);
    } finally {
      dev.child.kill('SIGTERM');
      await dev.exited;
      await carrier.stop();
    }
  }, 180_000);
});
