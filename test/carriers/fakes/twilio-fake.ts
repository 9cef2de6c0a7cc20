import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import twilio from 'twilio';
import { OpenApiCheck } from './openapi-check.ts';

export interface TwilioRequest {
  path: string;
  params: Record<string, string>;
  status: number;
  at: number;
}

export const twilioSid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

/**
 * Stands in for Twilio: its Messages API (every request checked against Twilio's published OpenAPI description),
 * and the webhooks it posts, signed by the twilio library itself.
 */
export class TwilioFake {
  readonly requests: TwilioRequest[] = [];
  readonly violations: string[] = [];
  readonly accountSid = twilioSid('AC');
  readonly authToken = randomBytes(16).toString('hex');
  private readonly spec = new OpenApiCheck('twilio-api-v2010.json', { coerceTypes: true });
  private readonly waiters: { match: (r: TwilioRequest) => boolean; resolve: (r: TwilioRequest) => void }[] = [];
  private downUntil = 0;
  private server?: Server;
  url = '';
  /** Switchboard's public base URL, as configured on the numbers. */
  baseUrl = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '';
        const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
        const answer = (status: number, json: unknown) => {
          const request = { path, params, status, at: Date.now() };
          this.requests.push(request);
          if (status < 300) this.waiters.filter((w) => w.match(request)).forEach((w) => { this.waiters.splice(this.waiters.indexOf(w), 1); w.resolve(request); });
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
        };
        const basic = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
        if (req.headers.authorization !== basic || !path.includes(`/Accounts/${this.accountSid}/`)) return answer(401, { code: 20003, message: 'Authenticate', status: 401 });
        const problems = this.spec.problems(req.method ?? '', path, params, req.headers['content-type'] ?? '');
        if (problems.length) {
          this.violations.push(...problems);
          return answer(400, { code: 21601, message: problems.join('; '), status: 400 });
        }
        if (Date.now() < this.downUntil) return answer(503, { code: 20500, message: 'Service unavailable', status: 503 });
        return answer(201, { sid: twilioSid('SM'), account_sid: this.accountSid, to: params.To, from: params.From, body: params.Body, status: 'queued' });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  failFor(ms: number) {
    this.downUntil = Date.now() + ms;
  }

  next(match: (r: TwilioRequest) => boolean): Promise<TwilioRequest> {
    const done = this.requests.find((r) => r.status < 300 && match(r));
    return done ? Promise.resolve(done) : new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** Posts a form webhook to a full URL, signed as Twilio signs it (or with another token, or for another URL). */
  async post(url: string, params: Record<string, string>, options: { authToken?: string; signedUrl?: string; unsigned?: boolean } = {}) {
    const full = { AccountSid: this.accountSid, ApiVersion: '2010-04-01', ...params };
    const signature = twilio.getExpectedTwilioSignature(options.authToken ?? this.authToken, options.signedUrl ?? url, full);
    const response = await fetch(url, {
      method: 'POST', body: new URLSearchParams(full).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(options.unsigned ? {} : { 'x-twilio-signature': signature }) },
    });
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  }
}
