import type { Request, Response, Router } from 'express';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { finalCallStatuses } from '../../../domain/calls/voice-events.ts';
import { HttpProblem } from '../../http/problem.ts';
import { apiRoutes, type ConsoleApi } from '../api-routes.ts';
import { contextOf, type ConsoleContext } from '../context.ts';
import { nameOf, statusLabel, time } from '../format.ts';
import { userNames } from '../users.ts';
import { html, type Html } from '../html.ts';
import { layout } from '../layout.ts';
import type { Inbox } from './inboxes.ts';
import { SHUTDOWN_EVENT } from '../../server.ts';

interface Call {
  callId: string; inboxId: string; from: string; to: string; status: string; ringing: string[]; answeredBy: string | null;
  attempts: number; startedAt: string | null; answeredAt: string | null; endedAt: string | null;
  events: { at: string; type: string; detail?: Record<string, unknown> }[];
}

/** How often a live page's stream looks again: changes show within a second. */
const POLL_MS = 500;
const KEEP_ALIVE_MS = 15_000;
const RECENT_CALLS = 10;

const isFinal = (status: string) => (finalCallStatuses as readonly string[]).includes(status);

/** The newest calls of an inbox, each live from its workflow while it runs (the API's call list, then its call route). */
async function recentCalls(ctx: ConsoleContext, inboxId: string): Promise<Call[]> {
  const { body } = await ctx.api<{ items: Call[] }>(apiRoutes.calls, { query: { inboxId, limit: RECENT_CALLS } });
  return Promise.all(body.items.map(async (call) =>
    isFinal(call.status) ? call : (await ctx.api<Call>(apiRoutes.call, { params: { callId: call.callId } })).body));
}

/** A timeline entry's detail in words: user ids become names, ring targets the people rung. */
function detailText(detail: Record<string, unknown> | undefined, names: Map<string, string>): string {
  if (!detail) return '';
  const show = (value: unknown): string => {
    if (Array.isArray(value)) return value.map(show).join(', ');
    if (typeof value === 'string') return names.get(value) ?? value;
    if (value && typeof value === 'object' && 'userId' in value) return nameOf(names, String(value.userId));
    if (value && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k} ${show(v)}`).join(', ');
    return String(value);
  };
  return Object.entries(detail).filter(([key]) => key !== 'command').map(([key, value]) => `${key}: ${show(value)}`).join(' · ');
}

function callCard(call: Call, zone: string, names: Map<string, string>, options: { heading: 'h2' | 'h3' }): Html {
  const id = `call-${call.callId.replace(/[^\w-]/g, '_')}`;
  const heading = html`Call from ${call.from} <span class="status s-${call.status}">${statusLabel(call.status)}</span>`;
  return html`<article class="call state-${call.status}" aria-labelledby="${id}" data-call-id="${call.callId}" data-status="${call.status}">
${options.heading === 'h2' ? html`<h2 id="${id}">${heading}</h2>` : html`<h3 id="${id}">${heading}</h3>`}
<dl class="facts">
<div><dt>To</dt><dd>${call.to}</dd></div>
<div><dt>Started</dt><dd>${time(call.startedAt, zone)}</dd></div>
${call.ringing.length ? html`<div><dt>Ringing</dt><dd class="ringing">${call.ringing.map((u) => nameOf(names, u)).join(', ')}</dd></div>` : ''}
${call.answeredBy ? html`<div><dt>Answered by</dt><dd class="answered-by">${nameOf(names, call.answeredBy)}</dd></div>` : ''}
<div><dt>Attempts</dt><dd>${call.attempts}</dd></div>
${call.endedAt ? html`<div><dt>Ended</dt><dd>${time(call.endedAt, zone)}</dd></div>` : ''}
</dl>
<details${isFinal(call.status) ? '' : html` open`}><summary>Timeline (${call.events.length} events)</summary>
<ol class="timeline">${call.events.map((e) => html`<li>${time(e.at, zone, 'HH:mm:ss')} <strong>${e.type}</strong> ${detailText(e.detail, names)}</li>`)}</ol>
</details>
</article>`;
}

function liveCalls(calls: Call[], zone: string, names: Map<string, string>): Html {
  const active = calls.filter((c) => !isFinal(c.status));
  return html`<p class="summary-line">${active.length ? `${active.length} active: ${active.map((c) => statusLabel(c.status)).join(', ')}` : 'No call in progress.'}</p>
${calls.length ? calls.map((call) => callCard(call, zone, names, { heading: 'h3' })) : html`<p class="empty">No calls yet.</p>`}`;
}

const sseEvent = (event: string, data: string) => `event: ${event}\n${data.split('\n').map((line) => `data: ${line}`).join('\n')}\n\n`;

export function callRoutes(router: Router, deps: { api: ConsoleApi }) {
  router.get('/inboxes/:id/calls', async (req, res) => {
    const ctx = contextOf(res);
    const { body: inbox } = await ctx.api<Inbox>(apiRoutes.inbox, { params: { id: req.params.id! } });
    const [calls, names] = await Promise.all([recentCalls(ctx, inbox.id), userNames(ctx)]);
    res.send(layout({
      title: 'Live calls', ctx, section: 'inboxes', inbox: { id: inbox.id, name: inbox.name, tab: 'calls' },
      // htmx's SSE extension swaps in each fragment the stream sends; without scripts the page still shows the calls as loaded.
      body: html`<p class="help">The ${RECENT_CALLS} newest calls. This list updates by itself while the page is open.</p>
<section class="calls" aria-live="polite" hx-ext="sse" sse-connect="/console/inboxes/${inbox.id}/calls/stream" sse-swap="calls">
${liveCalls(calls, inbox.timezone, names)}
</section>`,
    }).text);
  });

  router.get('/inboxes/:id/calls/stream', async (req, res) => streamCalls(req, res, deps));

  router.get('/calls/:callId', async (req, res) => {
    const ctx = contextOf(res);
    const { body: call } = await ctx.api<Call>(apiRoutes.call, { params: { callId: String(req.params.callId) } });
    const [{ body: inbox }, names] = await Promise.all([ctx.api<Inbox>(apiRoutes.inbox, { params: { id: call.inboxId } }), userNames(ctx)]);
    res.send(layout({
      title: `Call ${call.callId}`, ctx, section: 'inboxes', inbox: { id: inbox.id, name: inbox.name, tab: 'calls' },
      body: callCard(call, inbox.timezone, names, { heading: 'h2' }),
    }).text);
  });
}

/**
 * Server-sent events: the inbox's calls as HTML, sent whenever they change. The API's call list and call
 * route are read every POLL_MS with the session's key, looked up again each time so a revoked key ends the stream.
 */
async function streamCalls(req: Request, res: Response, deps: { api: ConsoleApi }) {
  const ctx = contextOf(res);
  const { body: inbox } = await ctx.api<Inbox>(apiRoutes.inbox, { params: { id: String(req.params.id) } });
  const names = await userNames(ctx);
  const stop = new AbortController();
  req.on('close', () => stop.abort());
  // A server shutting down says so (api/server.ts) before it stops listening: the stream ends at once, rather than
  // holding the shutdown's grace period, and the browser reconnects to whichever process serves next.
  const server = (req.socket as { server?: Server }).server;
  const onShutdown = () => stop.abort();
  server?.once(SHUTDOWN_EVENT, onShutdown);
  res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no', Connection: 'close' });
  res.flushHeaders();
  let last = '';
  let quietSince = Date.now();
  while (!stop.signal.aborted && server?.listening !== false) {
    try {
      if (!(await deps.api.callerOf(ctx.session.key))) break;
      const fragment = liveCalls(await recentCalls(ctx, inbox.id), inbox.timezone, names).text;
      if (fragment !== last) {
        last = fragment;
        res.write(sseEvent('calls', fragment));
        quietSince = Date.now();
      } else if (Date.now() - quietSince > KEEP_ALIVE_MS) {
        res.write(': still here\n\n');
        quietSince = Date.now();
      }
    } catch (error) {
      // Refused now (the inbox left the key's sight): stop. Anything else may pass; the next look tries again.
      if (error instanceof HttpProblem && error.status < 500) break;
      req.log.warn({ err: error }, 'live calls stream: a look failed');
    }
    await sleep(POLL_MS, undefined, { signal: stop.signal }).catch(() => undefined);
  }
  server?.off(SHUTDOWN_EVENT, onShutdown);
  res.end();
}
