import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { OpenApiCheck } from './openapi-check.ts';

export interface TelnyxRequest {
  method: string;
  path: string;
  body: Record<string, unknown>;
  status: number;
  /** What the fake answered (for POST /calls, the new leg's call_control_id). */
  data: Record<string, unknown>;
  at: number;
}

/** What Switchboard marks on each agent leg it dials (client_state), decoded. */
export const legStateOf = (request: TelnyxRequest) => JSON.parse(Buffer.from(String(request.body.client_state), 'base64').toString()) as { callId: string; userId: string };

/**
 * Stands in for Telnyx: its Call Control and Messaging REST API (every request checked against Telnyx's published
 * OpenAPI description and answered as Telnyx does), and its Ed25519-signed webhooks to Switchboard.
 */
export class TelnyxFake {
  readonly requests: TelnyxRequest[] = [];
  /** Requests the published API would refuse: a test that ends with any has found a bug. */
  readonly violations: string[] = [];
  readonly apiKey = `KEY${randomUUID().replace(/-/g, '')}`;
  readonly publicKey: string;
  private readonly privateKey: KeyObject;
  private readonly spec = new OpenApiCheck('telnyx.json');
  private readonly waiters: { match: (r: TelnyxRequest) => boolean; resolve: (r: TelnyxRequest) => void }[] = [];
  private downUntil = 0;
  private server?: Server;
  url = '';
  webhookUrl = '';

  constructor() {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    this.privateKey = privateKey;
    // Telnyx shows the raw 32-byte key, base64.
    this.publicKey = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = (req.url ?? '').replace(/^\/v2/, '');
        const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
        const answer = (status: number, json: { data?: Record<string, unknown> } | object) => {
          const request = { method: req.method ?? '', path, body, status, data: 'data' in json ? json.data ?? {} : {}, at: Date.now() };
          this.requests.push(request);
          if (status < 300) this.waiters.filter((w) => w.match(request)).forEach((w) => { this.waiters.splice(this.waiters.indexOf(w), 1); w.resolve(request); });
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
        };
        if (req.headers.authorization !== `Bearer ${this.apiKey}`) return answer(401, { errors: [{ code: '10009', title: 'Authentication failed' }] });
        const problems = this.spec.problems(req.method ?? '', path, body);
        if (problems.length) {
          this.violations.push(...problems);
          return answer(422, { errors: problems.map((detail) => ({ code: '10015', title: 'Invalid request', detail })) });
        }
        if (Date.now() < this.downUntil) return answer(503, { errors: [{ code: '90001', title: 'Service unavailable' }] });
        if (path === '/calls') return answer(200, { data: { record_type: 'call', call_control_id: `v3:${randomUUID()}`, call_leg_id: randomUUID(), call_session_id: randomUUID(), is_alive: false } });
        if (path === '/messages') return answer(200, { data: { record_type: 'message', id: randomUUID(), direction: 'outbound', type: 'SMS' } });
        return answer(200, { data: { result: 'ok' } });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Answer every REST request with 503 for the next `ms`, as in an outage. */
  failFor(ms: number) {
    this.downUntil = Date.now() + ms;
  }

  /** Resolves with the first accepted request matching, already made or still to come. */
  next(match: (r: TelnyxRequest) => boolean, after = 0): Promise<TelnyxRequest> {
    const done = this.requests.slice(after).find((r) => r.status < 300 && match(r));
    return done ? Promise.resolve(done) : new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  accepted(match: (r: TelnyxRequest) => boolean = () => true) {
    return this.requests.filter((r) => r.status < 300 && match(r));
  }

  /** Posts a webhook signed with this account's key; `at` (unix seconds) and `key` let a test sign wrongly. */
  async send(eventType: string, payload: Record<string, unknown>, options: { occurredAt?: string; at?: number; privateKey?: KeyObject; raw?: string; alter?: (raw: string) => string } = {}) {
    const raw = options.raw ?? JSON.stringify({
      data: { record_type: 'event', event_type: eventType, id: randomUUID(), occurred_at: options.occurredAt ?? new Date().toISOString(), payload },
      meta: { attempt: 1, delivered_to: this.webhookUrl },
    });
    const timestamp = String(options.at ?? Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(`${timestamp}|${raw}`), options.privateKey ?? this.privateKey).toString('base64');
    const response = await fetch(this.webhookUrl, {
      method: 'POST', body: options.alter ? options.alter(raw) : raw,
      headers: { 'content-type': 'application/json', 'telnyx-signature-ed25519': signature, 'telnyx-timestamp': timestamp },
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, raw };
  }
}
