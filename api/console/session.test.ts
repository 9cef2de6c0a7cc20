import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookies, type SessionCookies } from './session.ts';

// A real Express server, so the Set-Cookie headers are the ones a browser gets.
let base = '';
let close: () => void;
beforeAll(async () => {
  const app = express();
  const cookies: Record<string, SessionCookies> = { http: sessionCookies({ secure: false }), https: sessionCookies({ secure: true }) };
  app.get('/:scheme/start', (req, res) => {
    const session = cookies[req.params.scheme]!.start(res, 'sbk_key');
    res.json({ session, token: cookies[req.params.scheme]!.csrfToken(session) });
  });
  app.get('/:scheme/read', (req, res) => {
    const session = cookies[req.params.scheme]!.read(req);
    res.json({ session, tokenOk: session ? cookies[req.params.scheme]!.checkCsrf(session, req.query.token) : false });
  });
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close?.());

interface Started { session: { id: string; key: string }; token: string }
interface Read { session?: { id: string; key: string }; tokenOk: boolean }

describe('session cookies', () => {
  it('are HttpOnly and SameSite=Strict; under https also Secure and __Host- prefixed', async () => {
    expect((await fetch(`${base}/http/start`)).headers.get('set-cookie')).toMatch(/^sb_console=[\w-]+\.sbk_key; Path=\/; HttpOnly; SameSite=Strict$/);
    expect((await fetch(`${base}/https/start`)).headers.get('set-cookie')).toMatch(/^__Host-sb_console=[\w-]+\.sbk_key; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
  });

  it('read back; the form token fits only its own session', async () => {
    const first = (await (await fetch(`${base}/http/start`)).json()) as Started;
    const second = (await (await fetch(`${base}/http/start`)).json()) as Started;
    const read = async (session: Started['session'], token: string) =>
      (await (await fetch(`${base}/http/read?token=${token}`, { headers: { cookie: `other=1; sb_console=${session.id}.${session.key}` } })).json()) as Read;
    expect(await read(first.session, first.token)).toEqual({ session: first.session, tokenOk: true });
    expect((await read(first.session, second.token)).tokenOk).toBe(false);
    expect((await read({ ...first.session, key: 'sbk_other' }, first.token)).tokenOk).toBe(false);
    expect(((await (await fetch(`${base}/http/read`, { headers: { cookie: 'sb_console=nodot' } })).json()) as Read).session).toBeUndefined();
  });
});
