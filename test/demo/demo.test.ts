import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../infra/ports.ts';
import { runSwitchboard, waitForLog } from '../helpers/dev-process.ts';
import { call } from '../helpers/http.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

const outcomes = ['completed', 'missed', 'abandoned', 'voicemail_left', 'failed'] as const;

/** The figures of the summary table as printed: one row per figure, columns Sales, Support, total, scripted. */
function readSummary(text: string) {
  const row = (label: string) => {
    const match = new RegExp(`^\\s*${label.replace(/[()]/g, '\\$&')}\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)(?:\\s+(\\d+))?$`, 'm').exec(text);
    if (!match) throw new Error(`no "${label}" row in the summary:\n${text}`);
    const [sales, support, total, scripted] = match.slice(1).map((v) => (v === undefined ? undefined : Number(v)));
    return { sales: sales!, support: support!, total: total!, scripted };
  };
  const line = (label: string) => new RegExp(`^\\s*${label}\\s+(\\S+)`, 'm').exec(text)?.[1];
  return {
    calls: Object.fromEntries(outcomes.map((o) => [o, row(o)])) as Record<(typeof outcomes)[number], ReturnType<typeof row>>,
    inbound: row('inbound'),
    outbound: row('outbound (replies)'),
    emails: Number(/^emails sent \(mail viewer\)\s+(\d+)$/m.exec(text)?.[1]),
    day: /^daily report of (\d{4}-\d{2}-\d{2})$/m.exec(text)?.[1],
    adminKey: line('admin key'),
    temporalUi: line('Temporal UI'),
  };
}

describe('switchboard demo, as a user runs it', () => {
  it('plays its scripted day on the embedded defaults, prints a summary the API bears out, and its emails are in Mailpit', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-demo-'));
    dirs.push(dataDir);
    const [port, temporalPort, uiPort] = [await findFreePort(), await findFreePort(), await findFreePort()];
    // The quickstart's environment: no DATABASE_URL, TEMPORAL_ADDRESS or SMTP_URL.
    const env = {
      ...process.env, DATABASE_URL: '', TEMPORAL_ADDRESS: '', SMTP_URL: '', CARRIER_API_URL: '', DATA_DIR: dataDir, PORT: String(port),
      TEMPORAL_DEV_PORT: String(temporalPort), TEMPORAL_DEV_UI_PORT: String(uiPort), LOG_FORMAT: 'json',
    };

    const demo = runSwitchboard(['demo', '--exit'], env);
    expect(await demo.exited, demo.stderr()).toBe(0);
    const output = demo.stdout();
    const summary = readSummary(output);
    // Every outcome the script plays happened, as scripted (the demo checks itself too, and exits 1 otherwise).
    for (const outcome of outcomes) expect(summary.calls[outcome].total, outcome).toBe(summary.calls[outcome].scripted);
    expect(summary.calls.completed.total).toBeGreaterThan(0);
    expect(summary.calls.voicemail_left.total).toBeGreaterThan(0);
    expect(summary.inbound.total).toBe(summary.inbound.scripted);
    expect(output).toMatch(/mailed to Maya Chen/);
    expect(summary.temporalUi).toBe(`http://127.0.0.1:${uiPort}`);
    expect(output).toContain(`http://127.0.0.1:${port}/console`);

    // The demo keeps its data in DATA_DIR/demo: `dev` on that directory serves what it did.
    const dev = runSwitchboard('dev', { ...env, DATA_DIR: join(dataDir, 'demo'), PLATFORM_ADMIN_KEY: `sbp_${randomBytes(16).toString('hex')}` });
    const mailViewer = waitForLog(dev, 'mail viewer (Mailpit) running');
    await waitForLog(dev, 'switchboard ready');
    try {
      const api = `http://127.0.0.1:${port}`;
      const key = summary.adminKey!;
      const inboxes = (await call(api, 'GET', '/v1/inboxes', { key })).body.items as { id: string; name: string }[];
      const byName = Object.fromEntries(inboxes.map((i) => [i.name.toLowerCase(), i.id]));
      for (const inbox of ['sales', 'support'] as const) {
        const calls = (await call(api, 'GET', `/v1/calls?inboxId=${byName[inbox]}&limit=200`, { key })).body.items as { status: string }[];
        for (const outcome of outcomes) expect(calls.filter((c) => c.status === outcome).length, `${inbox} ${outcome}`).toBe(summary.calls[outcome][inbox]);
        const feed = (await call(api, 'GET', `/v1/inboxes/${byName[inbox]}/feed?view=unthreaded&limit=200`, { key })).body.items as { kind: string; direction: string }[];
        const messages = feed.filter((item) => item.kind === 'message');
        expect(messages.filter((m) => m.direction === 'inbound').length, `${inbox} texts in`).toBe(summary.inbound[inbox]);
        expect(messages.filter((m) => m.direction === 'outbound').length, `${inbox} texts out`).toBe(summary.outbound[inbox]);
        const report = (await call(api, 'GET', `/v1/inboxes/${byName[inbox]}/reports/daily?date=${summary.day}`, { key })).body;
        expect(report.scheduledSentAt, `${inbox} report sent by its schedule`).not.toBeNull();
        expect(report.figures.calls.inbound).toBe(outcomes.reduce((n, o) => n + summary.calls[o][inbox], 0));
        expect(report.emails.map((e: { status: string }) => e.status)).toEqual(['sent']);
      }

      // Mailpit kept the demo's emails across the restart: each watcher notification and both reports.
      const { ui } = (await mailViewer) as { ui: string };
      const { messages } = (await (await fetch(`${ui}/api/v1/messages?limit=1000`)).json()) as { messages: { Subject: string; To: { Address: string }[] }[] };
      expect(messages.length).toBe(summary.emails);
      expect(messages.every((m) => m.To.some((to) => to.Address === 'maya@northwind.example'))).toBe(true);
      const subjects = messages.map((m) => m.Subject).join('\n');
      expect(subjects).toMatch(/voicemail/i);
      expect(subjects).toMatch(/Daily activity · Sales/);
      expect(subjects).toMatch(/Daily activity · Support/);
      expect((await fetch(summary.temporalUi!)).status).toBe(200);
    } finally {
      dev.child.kill('SIGTERM');
      expect(await dev.exited).toBe(0);
    }
  }, 300_000);
});
