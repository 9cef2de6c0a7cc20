import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface ReceivedEmail {
  raw: Buffer;
  parsed: ParsedMail;
  envelope: { from: string; to: string[] };
  messageId: string;
}

type Mode = 'accept' | 'unavailable';

/**
 * A real SMTP server in the test process. It can refuse service for a while (421, as an overloaded or
 * restarting server does), reject chosen recipients for good (550), require a login, and run a hook on each
 * message before it answers. Tests await what it receives instead of sleeping.
 */
export class SmtpSink {
  readonly received: ReceivedEmail[] = [];
  private server!: SMTPServer;
  private mode: Mode = 'accept';
  private rejected = new Set<string>();
  private waiters: { check: () => boolean; resolve: () => void }[] = [];
  /** Runs when a whole message has arrived, before the server answers it. */
  beforeAccept?: (email: ReceivedEmail) => Promise<void> | void;
  refusedConnections = 0;
  port = 0;

  private readonly options: { auth?: { user: string; pass: string } };

  constructor(options: { auth?: { user: string; pass: string } } = {}) {
    this.options = options;
  }

  get url(): string {
    const auth = this.options.auth ? `${encodeURIComponent(this.options.auth.user)}:${encodeURIComponent(this.options.auth.pass)}@` : '';
    return `smtp://${auth}127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const { auth } = this.options;
    this.server = new SMTPServer({
      // Plain SMTP on loopback: the client must not try STARTTLS against a self-signed certificate.
      disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !auth,
      allowInsecureAuth: true,
      logger: false,
      // Stopping drops idle pooled client connections at once, as a server going down does.
      closeTimeout: 500,
      onAuth: (credentials, _session, callback) => {
        if (auth && credentials.username === auth.user && credentials.password === auth.pass) return callback(null, { user: auth.user });
        return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onMailFrom: (_address, _session, callback) => {
        if (this.mode === 'unavailable') {
          this.refusedConnections++;
          queueMicrotask(() => this.notify());
          return callback(Object.assign(new Error('Service not available, try again later'), { responseCode: 421 }));
        }
        callback();
      },
      onRcptTo: (address, _session, callback) => {
        if (this.rejected.has(address.address.toLowerCase())) return callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
        callback();
      },
      onData: (stream, session: SMTPServerSession, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', async () => {
          try {
            const raw = Buffer.concat(chunks);
            // cid: references kept as sent, not inlined as data: URLs, so a test sees what a mail client sees.
            const parsed = await simpleParser(raw, { skipImageLinks: true });
            const email: ReceivedEmail = {
              raw, parsed, messageId: parsed.messageId ?? '',
              envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) },
            };
            await this.beforeAccept?.(email);
            this.received.push(email);
            this.notify();
            callback();
          } catch (error) {
            callback(error as Error);
          }
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      // A restart after stop() listens on the same port again, so clients find it where it was.
      this.server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  /** Answers 421 to every message until `recover()`. */
  failTemporarily(): void {
    this.mode = 'unavailable';
  }

  recover(): void {
    this.mode = 'accept';
  }

  rejectRecipient(address: string): void {
    this.rejected.add(address.toLowerCase());
  }

  to(address: string): ReceivedEmail[] {
    return this.received.filter((email) => email.envelope.to.some((to) => to.toLowerCase() === address.toLowerCase()));
  }

  /** Resolves once `check` holds, or fails after `timeoutMs` with what did arrive. */
  waitUntil(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out waiting for ${what}; received: ${JSON.stringify(this.received.map((e) => [e.envelope.to, e.parsed.subject]))}`));
      }, timeoutMs);
      const waiter = { check, resolve: () => { clearTimeout(timer); resolve(); } };
      this.waiters.push(waiter);
    });
  }

  /** Waits for the n-th email to an address (1 by default) and returns them all. */
  async emailsTo(address: string, count = 1, timeoutMs?: number): Promise<ReceivedEmail[]> {
    await this.waitUntil(() => this.to(address).length >= count, `${count} email(s) to ${address}`, timeoutMs);
    return this.to(address);
  }

  private notify() {
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve();
      }
    }
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
