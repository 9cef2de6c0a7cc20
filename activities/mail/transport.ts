import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { SendMailOptions as MailOptions } from 'nodemailer/lib/mailer';
import { redactUrl } from '../../db/database.ts';

export interface OutgoingEmail {
  /** With angle brackets, as the header carries it. */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  date: Date;
  headers?: Record<string, string>;
  attachments?: { filename: string; content: Buffer; contentType: string; cid: string }[];
}

/** Where email goes: SMTP, or .eml files on disk. Anything else fits behind the same two methods. */
export interface MailTransport {
  readonly description: string;
  /** Resolves once the server accepted the message; rejects with the server's reason otherwise. */
  send(email: OutgoingEmail): Promise<{ response: string }>;
  close(): void;
}

/** SMTP as SMTP_URL says: smtp:// (STARTTLS when offered) or smtps://, user and password, nodemailer's query options. */
export function createSmtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 4,
    // Bounded, so a hung server fails the attempt (and it is retried) instead of holding it for minutes.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    description: `SMTP ${redactUrl(url)}`,
    async send(email) {
      const info = await transporter.sendMail(toNodemailer(email));
      return { response: String(info.response ?? '') };
    },
    close: () => transporter.close(),
  };
}

/** No SMTP configured: each email becomes `<dir>/<message id>.eml`, so a second copy replaces the first. */
export function createFileTransport(dir: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    description: `.eml files in ${dir}`,
    async send(email) {
      const info = await composer.sendMail(toNodemailer(email));
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${email.messageId.replace(/[<>]/g, '').replace(/[^A-Za-z0-9._@-]/g, '_')}.eml`);
      // Written aside and renamed, so a reader never sees half a message.
      await writeFile(`${file}.tmp`, info.message as Buffer);
      await rename(`${file}.tmp`, file);
      return { response: `written to ${file}` };
    },
    close: () => composer.close(),
  };
}

export function createMailTransport(config: { SMTP_URL?: string; DATA_DIR: string }): MailTransport {
  return config.SMTP_URL ? createSmtpTransport(config.SMTP_URL) : createFileTransport(join(config.DATA_DIR, 'mail'));
}

/**
 * A failure that retrying cannot fix: the server answered with a permanent (5xx) reply, such as a rejected
 * recipient. Authentication failures are 5xx too but are the operator's to fix, so those are retried.
 */
export function isPermanentFailure(error: unknown): boolean {
  const { responseCode, code } = (error ?? {}) as { responseCode?: number; code?: string };
  if (code === 'EAUTH') return false;
  return typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
}

function toNodemailer(email: OutgoingEmail): MailOptions {
  return {
    messageId: email.messageId,
    from: email.from,
    to: email.to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    date: email.date,
    headers: email.headers,
    attachments: email.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType, cid: a.cid })),
  };
}
