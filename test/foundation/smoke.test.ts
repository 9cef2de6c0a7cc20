import { Client, Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../infra/ports.ts';
import { selfTestWorkflowId } from '../../workflows/self-test/contract.ts';
import { runSwitchboard, waitForLog, type DevProcess } from '../helpers/dev-process.ts';
import { call } from '../helpers/http.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('switchboard dev, as a user runs it', () => {
  it('starts on the embedded defaults, survives a crash with its data and running workflows, and stops cleanly', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-smoke-'));
    dirs.push(dataDir);
    const [port, temporalPort] = [await findFreePort(), await findFreePort()];
    const platformKey = `sbp_${randomBytes(16).toString('hex')}`;
    // The quickstart's environment: no DATABASE_URL, no TEMPORAL_ADDRESS.
    const env = {
      ...process.env, DATABASE_URL: '', TEMPORAL_ADDRESS: '', DATA_DIR: dataDir, PORT: String(port),
      TEMPORAL_DEV_PORT: String(temporalPort), TEMPORAL_DEV_UI_PORT: '0', LOG_FORMAT: 'json', LOG_LEVEL: 'info', PLATFORM_ADMIN_KEY: platformKey,
    };
    const api = `http://127.0.0.1:${port}`;
    const start = async (): Promise<DevProcess> => {
      const dev = runSwitchboard('dev', env);
      await waitForLog(dev, 'switchboard ready');
      return dev;
    };

    let dev = await start();
    expect((await call(api, 'GET', '/readyz')).status).toBe(200);
    const org = await call(api, 'POST', '/v1/orgs', { key: platformKey, body: { name: 'Smoke', timezone: 'UTC' } });
    expect(org.status).toBe(201);
    const adminKey = org.body.adminKey as string;
    const selfTest = await call(api, 'POST', '/v1/self-tests', { key: adminKey, body: { delaySec: 3 } });
    expect(selfTest.status).toBe(202);

    // A crash, not a clean stop: the dev server child is orphaned and must be dealt with on the next start.
    dev.child.kill('SIGKILL');
    await dev.exited;
    dev = await start();

    expect((await call(api, 'GET', '/v1/api-keys', { key: adminKey })).status).toBe(200);
    const connection = await Connection.connect({ address: `127.0.0.1:${temporalPort}` });
    const outcome = await new Client({ connection }).workflow.getHandle(selfTestWorkflowId(org.body.org.id, selfTest.body.id)).result();
    await connection.close();
    expect(outcome).toMatchObject({ phase: 'done' });
    expect((await call(api, 'GET', `/v1/self-tests/${selfTest.body.id}`, { key: adminKey })).body.status).toBe('completed');

    dev.child.kill('SIGTERM');
    expect(await dev.exited).toBe(0);
    expect(existsSync(join(dataDir, 'temporal', 'temporal-dev-server.pid'))).toBe(false);
    await expect(fetch(`${api}/healthz`)).rejects.toThrow();
  }, 180_000);
});
