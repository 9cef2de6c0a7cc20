import { simpleParser } from 'mailparser';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileTransport, createSmtpTransport, isPermanentFailure, type OutgoingEmail } from '../../activities/mail/transport.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';

const email = (to: string, messageId = '<t.1@switchboard.test>'): OutgoingEmail => ({
  messageId, from: 'Switchboard <switchboard@switchboard.test>', to, subject: 'Hello', html: '<p>Hello <b>there</b></p>', text: 'Hello there', date: new Date('2026-11-23T10:00:00Z'),
});

describe('SMTP with a login, as SMTP_URL says', () => {
  const sink = new SmtpSink({ auth: { user: 'mailer', pass: 's3cret/with:chars' } });
  beforeAll(() => sink.start());
  afterAll(() => sink.stop());

  it('logs in and delivers; a wrong password is an error worth retrying, not a permanent failure', async () => {
    const good = createSmtpTransport(sink.url);
    await good.send(email('ok@example.test'));
    const [received] = await sink.emailsTo('ok@example.test');
    expect(received!.messageId).toBe('<t.1@switchboard.test>');
    good.close();
    const bad = createSmtpTransport(sink.url.replace('s3cret', 'wrong'));
    expect(bad.description).not.toContain('wrong');
    const error = await bad.send(email('no@example.test')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EAUTH' });
    expect(isPermanentFailure(error)).toBe(false);
    bad.close();
  });
});

describe('.eml files when SMTP_URL is unset', () => {
  it('writes one parseable file per Message-ID, with HTML and text parts; a second copy replaces the first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-eml-'));
    const transport = createFileTransport(dir);
    await transport.send(email('a@example.test'));
    await transport.send(email('a@example.test'));
    await transport.send(email('b@example.test', '<t.2@switchboard.test>'));
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['t.1@switchboard.test.eml', 't.2@switchboard.test.eml']);
    const parsed = await simpleParser(await readFile(join(dir, files[0]!)));
    expect(parsed.messageId).toBe('<t.1@switchboard.test>');
    expect(parsed.html).toContain('<b>there</b>');
    expect(parsed.text).toContain('Hello there');
  });
});
