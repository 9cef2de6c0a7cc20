import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createSmtpTransport } from '../../activities/mail/transport.ts';
import { startEmbeddedMailpit } from '../../infra/mailpit.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));
const scratch = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-mailpit-'));
  dirs.push(dir);
  return dir;
};
const logger = pino({ level: 'silent' });

describe('the embedded mail viewer', () => {
  it('catches what the worker sends over SMTP, shows it through its API, keeps it across a restart, and stops', async () => {
    const dataDir = await scratch();
    const mailpit = (await startEmbeddedMailpit({ dataDir, logger }))!;
    expect(mailpit.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    const transport = createSmtpTransport(mailpit.smtpUrl);
    await transport.send({
      messageId: '<one@switchboard.test>', from: 'Switchboard <switchboard@switchboard.test>', to: 'maya@northwind.example',
      subject: 'Voicemail from +14155550100 · Support', html: '<p>Hello</p>', text: 'Hello', date: new Date(),
    });
    transport.close();
    const list = async (uiUrl: string) => (await (await fetch(`${uiUrl}/api/v1/messages`)).json()) as { messages: { Subject: string }[] };
    expect((await list(mailpit.uiUrl)).messages.map((m) => m.Subject)).toEqual(['Voicemail from +14155550100 · Support']);
    await mailpit.stop();
    await expect(fetch(mailpit.uiUrl)).rejects.toThrow();

    const again = (await startEmbeddedMailpit({ dataDir, logger }))!;
    expect((await list(again.uiUrl)).messages).toHaveLength(1);
    await again.stop();
  });

  it('is left out, for .eml files, when Go cannot build it', async () => {
    // An empty tool cache and a `go` that fails as an offline machine's would.
    const [cache, bin] = [await scratch(), await scratch()];
    await writeFile(join(bin, 'go'), '#!/bin/sh\necho "go: github.com/axllent/mailpit@v1.27.11: dial tcp: no route to host" >&2\nexit 1\n');
    await chmod(join(bin, 'go'), 0o755);
    const env = { ...process.env, PATH: bin, XDG_CACHE_HOME: cache };
    expect(await startEmbeddedMailpit({ dataDir: await scratch(), logger, env })).toBeUndefined();
  });
});
