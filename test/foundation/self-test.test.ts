import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfTestWorkflowId } from '../../workflows/self-test/contract.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
beforeAll(async () => (stack = await startTestStack()));
afterAll(() => stack?.stop());

describe('self-test workflow through the API', () => {
  it('runs API → Temporal → worker → database and reports the round trip', async () => {
    const { orgId, adminKey } = await stack.createOrg();
    const started = await stack.call('POST', '/v1/self-tests', { key: adminKey, body: {} });
    expect(started.status).toBe(202);
    const workflowId = selfTestWorkflowId(orgId, started.body.id);
    await stack.client.workflow.getHandle(workflowId).result();
    const done = await stack.call('GET', `/v1/self-tests/${started.body.id}`, { key: adminKey });
    expect(done.body).toMatchObject({ id: started.body.id, status: 'completed', phase: 'done' });
    expect(done.body.databaseRoundTripMs).toBeGreaterThan(0);
    const described = await stack.client.workflow.getHandle(workflowId).describe();
    expect(described.searchAttributes.SwitchboardOrgId).toEqual([orgId]);
  });

  it('shows a waiting self-test live, and hides it from other organizations', async () => {
    const { adminKey } = await stack.createOrg();
    const other = await stack.createOrg();
    const started = await stack.call('POST', '/v1/self-tests', { key: adminKey, body: { delaySec: 60 } });
    const live = await stack.call('GET', `/v1/self-tests/${started.body.id}`, { key: adminKey });
    expect(live.body).toMatchObject({ status: 'running', phase: 'waiting', closedAt: null });
    expect((await stack.call('GET', `/v1/self-tests/${started.body.id}`, { key: other.adminKey })).status).toBe(404);
  });

  it('agents may not start one; bad input changes nothing', async () => {
    const { adminKey } = await stack.createOrg();
    const agent = await stack.createKey(adminKey, 'agent');
    expect((await stack.call('POST', '/v1/self-tests', { key: agent, body: {} })).status).toBe(403);
    const bad = await stack.call('POST', '/v1/self-tests', { key: adminKey, body: { delaySec: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('delaySec');
  });
});
