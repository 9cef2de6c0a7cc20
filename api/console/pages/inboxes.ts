import type { Router } from 'express';
import { apiRoutes } from '../api-routes.ts';
import { contextOf } from '../context.ts';
import { html } from '../html.ts';
import { layout } from '../layout.ts';

export interface Inbox {
  id: string; name: string; kind: 'personal' | 'shared'; timezone: string;
  numbers: { e164: string; primary: boolean }[];
  members: { userId: string; role: 'connected' | 'watching' }[];
}

export function inboxListRoutes(router: Router) {
  router.get('/inboxes', async (req, res) => {
    const ctx = contextOf(res);
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const { body: page } = await ctx.api<{ items: Inbox[]; nextCursor: string | null }>(apiRoutes.inboxes, { query: { limit: 100, cursor } });
    const unread = await Promise.all(page.items.map(async (inbox) =>
      (await ctx.api<{ unread: number }>(apiRoutes.unreadCount, { params: { id: inbox.id } })).body.unread));
    const rows = page.items.map((inbox, i) => html`<tr>
<th scope="row"><a href="/console/inboxes/${inbox.id}">${inbox.name}</a></th>
<td data-label="Unread">${unread[i] ? html`<span class="badge" aria-label="${unread[i]} unread">${unread[i]}</span>` : html`<span class="muted">0</span>`}</td>
<td data-label="Kind">${inbox.kind}</td>
<td data-label="Numbers">${inbox.numbers.map((n) => html`<span class="number">${n.e164}${n.primary ? ' (primary)' : ''}</span> `)}</td>
<td data-label="Timezone">${inbox.timezone}</td>
<td data-label="Links"><a href="/console/inboxes/${inbox.id}/calls">Live calls</a></td>
</tr>`);
    res.send(layout({
      title: 'Inboxes', ctx, section: 'inboxes',
      body: page.items.length
        ? html`<table class="list inboxes"><caption class="visually-hidden">Inboxes and their unread items</caption>
<thead><tr><th scope="col">Inbox</th><th scope="col">Unread</th><th scope="col">Kind</th><th scope="col">Numbers</th><th scope="col">Timezone</th><th scope="col"><span class="visually-hidden">Links</span></th></tr></thead>
<tbody>${rows}</tbody></table>
${page.nextCursor ? html`<p><a href="/console/inboxes?cursor=${page.nextCursor}">More inboxes</a></p>` : ''}`
        : html`<p>${ctx.caller.role === 'agent' ? 'You are not a member of any inbox yet.' : 'This organization has no inboxes yet.'}</p>`,
    }).text);
  });
}
