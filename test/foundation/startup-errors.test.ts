import { createServer } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../infra/ports.ts';
import { runSwitchboard } from '../helpers/dev-process.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function processesMentioning(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(text)) found.push(cmdline.replaceAll('\0', ' '));
  }
  return found;
}

async function failStart(command: string, overrides: Record<string, string>) {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-bad-'));
  dirs.push(dataDir);
  const run = runSwitchboard(command, {
    ...process.env, DATA_DIR: dataDir, TEMPORAL_DEV_PORT: String(await findFreePort()), TEMPORAL_DEV_UI_PORT: '0', LOG_FORMAT: 'json', LOG_LEVEL: 'warn', ...overrides,
  });
  const code = await run.exited;
  const lines = run.stderr().split('\n').filter(Boolean);
  expect(await processesMentioning(dataDir), 'a failed start must not leave a Temporal dev server running').toEqual([]);
  return { code, lines };
}

describe('invalid configuration stops start-up with one line naming the variable', () => {
  it.each([
    [{ PORT: 'abc' }, /^switchboard: invalid configuration: PORT must be a number/],
    [{ PORT: '70000' }, /^switchboard: invalid configuration: PORT must be at most 65535/],
    [{ DATABASE_URL: 'mysql://localhost/db' }, /^switchboard: invalid configuration: DATABASE_URL must start with postgres:\/\//],
    [{ PLATFORM_ADMIN_KEY: 'short' }, /^switchboard: invalid configuration: PLATFORM_ADMIN_KEY must be at least 16 characters$/],
    [{ LOG_LEVEL: 'loud' }, /^switchboard: invalid configuration: LOG_LEVEL must be one of/],
    [{ DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none' }, /^switchboard: cannot connect to DATABASE_URL postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none: /],
  ])('%j', async (overrides, expected) => {
    const { code, lines } = await failStart('dev', overrides);
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
    expect(lines[0]).not.toContain('secret');
  });

  it('a PORT already in use', async () => {
    const blocker = createServer().listen(0, '0.0.0.0');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, lines } = await failStart('dev', { PORT: String(port), DATABASE_URL: '' });
      expect(code).toBe(1);
      expect(lines).toEqual([`switchboard: PORT ${port} is already in use`]);
    } finally {
      blocker.close();
    }
  }, 120_000);

  it('the api command without DATABASE_URL', async () => {
    const { code, lines } = await failStart('api', { DATABASE_URL: '' });
    expect(code).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^switchboard: DATABASE_URL is required/)]);
  });
});
