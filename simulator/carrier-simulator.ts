import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { sign, signatureProblem } from '../carriers/native/signature.ts';

export const HOLD = 0;
/** Scripts a command for whichever call sends it next (outbound call ids are only known once the call is placed). */
export const ANY_CALL = '*';
/** The pseudo call id under which outbound SMS are recorded. */
export const SMS = '(sms)';

export interface ReceivedCommand {
  callId: string;
  idempotencyKey: string;
  body: { command: string; [key: string]: unknown };
  /** What the simulator answered. */
  status: number;
  /** When it arrived (epoch ms). */
  at: number;
}

export interface CarrierOptions {
  apiSecret: string;
  webhookSecret: string;
  apiUrl?: string;
  /**
   * Like a real carrier, post each webhook again on a connection error or a 5xx, with backoff, for up to
   * this long (spread over the API URLs); without it a webhook is posted once.
   */
  retryWebhooksForMs?: number;
}

/** A webhook the carrier gave up on: every attempt failed for as long as it retries. */
export interface UndeliveredWebhook {
  kind: 'voice' | 'messaging';
  event: Record<string, unknown>;
  lastError: string;
}

/**
 * Stands in for the carrier (the native protocol, docs/api.md): serves the command API the engine calls
 * (checking its signatures, recording each command, answering as scripted) and posts signed webhooks back.
 */
export class CarrierSimulator {
  readonly commands: ReceivedCommand[] = [];
  readonly undelivered: UndeliveredWebhook[] = [];
  /** Webhook attempts that met a connection error or a 5xx (each retried, when retrying). */
  failedWebhookAttempts = 0;
  private readonly listeners = new Set<(command: ReceivedCommand) => void>();
  private readonly scripted = new Map<string, number[]>();
  private readonly delays = new Map<string, number[]>();
  private readonly outages = new Map<string, number>();
  private readonly answerDelays = new Map<string, number>();
  private outageStatus?: number;
  private apiUrls: string[] = [];
  private nextApi = 0;
  private readonly held: (() => void)[] = [];
  private readonly waiters: { match: (c: ReceivedCommand) => boolean; resolve: (c: ReceivedCommand) => void; anyStatus?: boolean }[] = [];
  private server?: Server;
  url = '';

  private readonly options: CarrierOptions;

  constructor(options: CarrierOptions) {
    this.options = { ...options };
    if (options.apiUrl) this.apiUrls = [options.apiUrl];
  }

  /** Listens on loopback; port 0 takes any free one. */
  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        // Outbound SMS are recorded like call commands, under the pseudo call id SMS; an outbound call (click to
        // call) as a "dial" command under its own call id.
        const dial = req.url === '/v1/calls' ? (JSON.parse(raw.toString() || '{}') as { callId?: string }) : undefined;
        const match = req.url === '/v1/messages' ? [req.url, SMS] : dial ? [req.url, encodeURIComponent(String(dial.callId))] : /^\/v1\/calls\/([^/]+)\/commands$/.exec(req.url ?? '');
        const problem = signatureProblem(this.options.apiSecret, req.headers['x-switchboard-signature'] as string | undefined, raw);
        if (!match || req.method !== 'POST' || problem) {
          res.writeHead(problem ? 401 : 404).end(problem ?? 'no such route');
          return;
        }
        const body = JSON.parse(raw.toString()) as ReceivedCommand['body'];
        const callId = decodeURIComponent(match[1]!);
        if (callId === SMS) body.command = 'sms';
        if (dial) body.command = 'dial';
        const down = (this.outages.get(callId) ?? 0) > Date.now();
        const status = this.outageStatus ?? (down ? 500 : this.scripted.get(`${callId}|${body.command}`)?.shift() ?? this.scripted.get(`${ANY_CALL}|${body.command}`)?.shift() ?? 200);
        const command = { callId, idempotencyKey: String(req.headers['idempotency-key']), body, status, at: Date.now() };
        this.commands.push(command);
        this.notify(command);
        if (status === HOLD) {
          // Never answered until released: the command is in flight when the test kills the worker.
          this.held.push(() => res.writeHead(503).end('released'));
          return;
        }
        // Like a real carrier, the same Idempotency-Key always gets the same message id.
        const answer = callId === SMS ? { messageId: `SM${createHash('sha256').update(command.idempotencyKey).digest('hex').slice(0, 16)}` } : { ok: true };
        const respond = () => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(status < 300 ? answer : { error: 'scripted failure' }));
        const delayMs = down ? 0 : this.delays.get(`${callId}|${body.command}`)?.shift() ?? this.answerDelays.get(body.command) ?? 0;
        if (delayMs) setTimeout(respond, delayMs);
        else respond();
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  /** Calls `listener` with every command from now on; returns what removes it. */
  onCommand(listener: (command: ReceivedCommand) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(command: ReceivedCommand) {
    for (const listener of this.listeners) listener(command);
    for (const waiter of [...this.waiters]) {
      if ((waiter.anyStatus || command.status === 200) && waiter.match(command)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(command);
      }
    }
  }

  /** Resolves once a command of this kind reaches the simulator, whatever it was answered. */
  received(callId: string, command: string): Promise<ReceivedCommand> {
    const match = (c: ReceivedCommand) => c.callId === callId && c.body.command === command;
    const done = this.commands.find(match);
    return done ? Promise.resolve(done) : new Promise((resolve) => this.waiters.push({ match, resolve, anyStatus: true }));
  }

  stop(): Promise<void> {
    this.releaseHeld();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  setApiUrl(url: string) {
    this.apiUrls = [url];
  }

  /** Webhooks go to these in turn, as through a load balancer. */
  setApiUrls(urls: string[]) {
    this.apiUrls = [...urls];
  }

  /** Answers every command with this status (a carrier outage) until `recover()`. */
  fail(status: number) {
    this.outageStatus = status;
  }

  recover() {
    this.outageStatus = undefined;
  }

  /** Answers commands of this kind only after `ms` (a slow carrier); the command is received, and waiters told, at once. */
  delayAnswers(command: string, ms: number) {
    this.answerDelays.set(command, ms);
  }

  /** Answers every held command with 503. */
  releaseHeld() {
    this.held.splice(0).forEach((release) => release());
  }

  /** Answer this call's (or ANY_CALL's) next commands of this kind with these statuses (then 200s); HOLD keeps one unanswered. */
  script(callId: string, command: string, statuses: number[]) {
    this.scripted.set(`${callId}|${command}`, statuses);
  }

  /** Answer this call's next commands of this kind only after these delays (ms): the command is in flight meanwhile. */
  delay(callId: string, command: string, delaysMs: number[]) {
    this.delays.set(`${callId}|${command}`, delaysMs);
  }

  /** Answer every command for this call with 500 for the next `ms`, as a carrier in an outage does; returns when the outage ends (epoch ms). */
  failFor(callId: string, ms: number): number {
    const until = Date.now() + ms;
    this.outages.set(callId, until);
    return until;
  }

  /** Resolves with the first accepted command matching, already received or still to come. */
  nextCommand(callId: string, command: string, where: (c: ReceivedCommand) => boolean = () => true, after = 0): Promise<ReceivedCommand> {
    const match = (c: ReceivedCommand) => c.callId === callId && c.body.command === command && where(c);
    const done = this.commands.slice(after).find((c) => c.status < 300 && match(c));
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** Resolves with the next command of this kind accepted for any call, from now on. */
  nextOfAnyCall(command: string): Promise<ReceivedCommand> {
    return new Promise((resolve) => this.waiters.push({ match: (c) => c.body.command === command, resolve }));
  }

  accepted(callId: string) {
    return this.commands.filter((c) => c.callId === callId && c.status < 300);
  }

  /**
   * Plays an outbound call the carrier was asked to dial (after ringing the agent): the contact picks up or
   * not, then one side hangs up, each event a moment after the last.
   */
  async playOutboundCall(callId: string, play: { contactAnswers: boolean; hangsUp: 'agent' | 'contact' }) {
    const dialed = await this.nextCommand(callId, 'dial');
    const at = Date.now();
    const answered = play.contactAnswers ? [await this.sendVoice({ type: 'call.answered', callId, party: 'contact', occurredAt: new Date(at + 1000).toISOString() })] : [];
    const hangup = await this.sendVoice({ type: 'call.hangup', callId, party: play.hangsUp, occurredAt: new Date(at + 2000).toISOString() });
    return { dialed, responses: [...answered, hangup] };
  }

  /** Posts a signed voice webhook, as the carrier does. */
  sendVoice(event: Record<string, unknown>, options: { secret?: string; at?: number } = {}) {
    return this.post('voice', event, options);
  }

  /** Posts a signed messaging webhook. */
  sendMessaging(event: Record<string, unknown>, options: { secret?: string; at?: number } = {}) {
    return this.post('messaging', event, options);
  }

  private async post(kind: 'voice' | 'messaging', event: Record<string, unknown>, options: { secret?: string; at?: number }) {
    const raw = JSON.stringify({ occurredAt: new Date().toISOString(), ...event });
    const retryFor = this.options.retryWebhooksForMs ?? 0;
    const giveUpAt = Date.now() + retryFor;
    for (let attempt = 0; ; attempt++) {
      const url = this.apiUrls[this.nextApi++ % this.apiUrls.length];
      let failure: string;
      try {
        // Signed afresh on each attempt, as carriers do: the signature's timestamp must be recent.
        const response = await fetch(`${url}/v1/webhooks/${kind}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-switchboard-signature': sign(options.secret ?? this.options.webhookSecret, raw, options.at) },
          body: raw,
          signal: AbortSignal.timeout(15_000),
        });
        const text = await response.text();
        const answer = { status: response.status, body: text ? parseJson(text) : undefined };
        if (response.status < 500 || !retryFor) return answer;
        failure = `${response.status} ${text.slice(0, 200)}`;
      } catch (error) {
        if (!retryFor) throw error;
        failure = String((error as Error).cause ?? error);
      }
      this.failedWebhookAttempts++;
      if (Date.now() >= giveUpAt) {
        this.undelivered.push({ kind, event: JSON.parse(raw), lastError: failure });
        return { status: 0, body: undefined };
      }
      await delay(Math.min(8000, 250 * 2 ** attempt));
    }
  }
}

// A JSON answer as parsed (its shape is the engine's), or the text when it is not JSON.
function parseJson(text: string) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
