import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../infra/ports.ts';
import { randomNumber, setUpInbox } from '../helpers/call-fixture.ts';
import { runSwitchboard } from '../helpers/dev-process.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

// `switchboard simulate` is its own process, against a Switchboard it did not start: this stack sends its
// carrier commands to the port the tool will serve them on.
let stack: TestStack;
let port: number;
const secrets = { apiSecret: `sim-api-${randomBytes(8).toString('hex')}`, webhookSecret: `sim-hook-${randomBytes(8).toString('hex')}` };

beforeAll(async () => {
  port = await findFreePort();
  stack = await startTestStack({ carrierUrl: `http://127.0.0.1:${port}`, carrierSecret: secrets.apiSecret, webhookSecret: secrets.webhookSecret });
});
afterAll(async () => stack?.stop());

async function simulate(args: string[], env: Record<string, string> = {}) {
  const run = runSwitchboard(['simulate', ...args], {
    ...process.env, SWITCHBOARD_URL: stack.url, SIMULATOR_PORT: String(port),
    CARRIER_WEBHOOK_SECRET: secrets.webhookSecret, CARRIER_API_SECRET: secrets.apiSecret, ...env,
  });
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('switchboard simulate, against a running Switchboard', () => {
  it('places calls with each behaviour, printing the timeline as it unfolds, and Switchboard records what happened', async () => {
    const inbox = await setUpInbox(stack, { agents: 2, routing: { strategy: 'sequential', ringTimeoutSec: 2, maxWaitSec: 6 } });
    const [first, second] = inbox.agents as [string, string];
    const place = (behaviour: string[]) => simulate(['call', '--from', randomNumber(), '--to', inbox.number, '--key', inbox.adminKey, ...behaviour]);
    const callOf = async (stdout: string) => (await stack.call('GET', `/v1/calls/${/^call (SIM\w+)$/m.exec(stdout)![1]}`, { key: inbox.adminKey })).body;

    // The first agent declines, the call moves on, and the second answers after 1 s.
    const declined = await place(['--decline', first, '--answer-after', '1', '--by', second, '--talk', '1']);
    expect(declined.code, declined.stderr).toBe(0);
    expect(declined.stdout).toMatch(new RegExp(`← ring ${first} for 2 s[\\s\\S]*→ ${first} declines[\\s\\S]*← ring ${second}[\\s\\S]*→ ${second} answers[\\s\\S]*→ ${second} hangs up after 1s`));
    expect(declined.stdout).toMatch(/◆ Switchboard: connected/);
    expect(declined.stdout).toContain(`status: completed (answered by ${second})`);
    expect(await callOf(declined.stdout)).toMatchObject({ status: 'completed', answeredBy: second, attempts: 2 });

    // The caller hangs up while it rings.
    const abandoned = await place(['--hang-up-after', '1']);
    expect(abandoned.code, abandoned.stderr).toBe(0);
    expect(abandoned.stdout).toMatch(/→ the caller hangs up after 1s/);
    expect(await callOf(abandoned.stdout)).toMatchObject({ status: 'abandoned', answeredBy: null });

    // Nobody answers; offered voicemail, the caller leaves one, and its transcription reaches the inbox.
    const voicemail = await place(['--voicemail', 'Please call me back about my order', '--voicemail-length', '12']);
    expect(voicemail.code, voicemail.stderr).toBe(0);
    expect(voicemail.stdout).toMatch(/← play the greeting "[^"]*" and record[\s\S]*→ voicemail of 12s: "Please call me back about my order"/);
    expect(voicemail.stdout).toContain('status: voicemail_left');
    expect(await callOf(voicemail.stdout)).toMatchObject({ status: 'voicemail_left' });
    const feed = (await stack.call('GET', `/v1/inboxes/${inbox.inboxId}/feed?view=unthreaded`, { key: inbox.adminKey })).body.items;
    expect(feed.find((item: any) => item.kind === 'voicemail')).toMatchObject({ transcription: 'Please call me back about my order', durationSec: 12 });
  });

  it('sends an inbound text, and refuses to go on when the secrets do not match', async () => {
    const inbox = await setUpInbox(stack, { agents: 1 });
    const from = randomNumber();
    const sms = await simulate(['sms', '--from', from, '--to', inbox.number, '--body', 'Is the shop open on Sunday?']);
    expect(sms.code, sms.stderr).toBe(0);
    expect(sms.stdout).toMatch(/→ message.received SIM\w+ from .* "Is the shop open on Sunday\?" \(202/);
    // The webhook's answer does not wait for the message to be stored; its workflow's result does.
    await stack.client.workflow.getHandle(/workflow (message-SIM\w+)\)/.exec(sms.stdout)![1]!).result();
    const feed = (await stack.call('GET', `/v1/inboxes/${inbox.inboxId}/feed?view=unthreaded`, { key: inbox.adminKey })).body.items;
    expect(feed).toEqual([expect.objectContaining({ kind: 'message', direction: 'inbound', body: 'Is the shop open on Sunday?' })]);

    const forged = await simulate(['sms', '--from', from, '--to', inbox.number, '--body', 'forged'], { CARRIER_WEBHOOK_SECRET: 'not-the-secret-at-all' });
    expect(forged.code).toBe(1);
    expect(forged.stderr).toMatch(/^switchboard: Switchboard answered message.received with 401: The signature does not match the body.$/m);
    expect(forged.stderr).not.toMatch(/\n\s+at /);
  });
});
