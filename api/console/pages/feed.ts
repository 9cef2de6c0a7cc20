import type { Router } from 'express';
import { apiRoutes } from '../api-routes.ts';
import { contextOf } from '../context.ts';
import { readFeed, type FeedItem, type FeedQuery, type FeedThread } from '../conversations.ts';
import { time } from '../format.ts';
import { html } from '../html.ts';
import { actionForm, itemEntry, itemSummary } from '../items.ts';
import { layout } from '../layout.ts';
import { safeNext } from './sign-in.ts';
import type { Inbox } from './inboxes.ts';

const choice = <T extends string>(value: unknown, options: readonly T[]): T | undefined =>
  options.includes(value as T) ? (value as T) : undefined;

export function feedRoutes(router: Router) {
  router.get('/inboxes/:id', async (req, res) => {
    const ctx = contextOf(res);
    const { body: inbox } = await ctx.api<Inbox>(apiRoutes.inbox, { params: { id: req.params.id! } });
    // Anything but the known words goes to the API as given, so it answers with its own field errors.
    const query = {
      view: (req.query.view ?? 'threaded') as FeedQuery['view'], filter: (req.query.filter ?? 'all') as FeedQuery['filter'],
      cursor: typeof req.query.cursor === 'string' ? req.query.cursor : undefined,
    };
    const feed = await readFeed(ctx, inbox.id, query);
    const base = `/console/inboxes/${inbox.id}`;
    const here = req.originalUrl;
    const link = (view: string, filter: string, label: string) =>
      html`<a href="${base}?view=${view}&amp;filter=${filter}"${choice(query.view, [view]) && choice(query.filter, [filter]) ? html` aria-current="true"` : ''}>${label}</a>`;
    const items = query.view === 'unthreaded'
      ? (feed.items as FeedItem[]).map((item) => itemEntry(ctx, item, inbox.timezone, here, { showContact: true }))
      : (feed.items as FeedThread[]).map((thread) => {
          const anchor = `c-${thread.conversationId}`;
          return html`<li class="item ${thread.unreadCount ? 'unread' : 'read'}" id="${anchor}">
<div class="line"><a class="contact" href="/console/conversations/${thread.conversationId}">${thread.contact.name ?? thread.contact.phone}</a>
${thread.unreadCount ? html`<span class="badge">${thread.unreadCount} unread</span>` : ''}
${thread.activeCall ? html`<span class="live">On a call: ${thread.activeCall.status}</span>` : ''}
${time(thread.lastActivityAt, inbox.timezone)}</div>
${thread.last ? html`<p class="summary" id="${anchor}-summary">${itemSummary(thread.last)}</p>` : ''}
${thread.unreadCount ? actionForm(ctx, `/console/conversations/${thread.conversationId}/read`, 'Mark read', `${here}#${anchor}`, `${anchor}-summary`) : ''}
</li>`;
        });
    res.send(layout({
      title: 'Feed', ctx, section: 'inboxes', inbox: { id: inbox.id, name: inbox.name, tab: 'feed' },
      body: html`<div class="filters">
<nav aria-label="View"><ul class="segmented"><li>${link('threaded', query.filter, 'Threaded')}</li><li>${link('unthreaded', query.filter, 'Unthreaded')}</li></ul></nav>
<nav aria-label="Filter"><ul class="segmented"><li>${link(query.view, 'all', 'All')}</li><li>${link(query.view, 'unread', 'Unread')}</li></ul></nav>
</div>
${items.length ? html`<ul class="feed">${items}</ul>` : html`<p class="empty">Nothing ${query.filter === 'unread' ? 'unread' : 'here'} yet.</p>`}
${feed.nextCursor ? html`<p><a href="${base}?view=${query.view}&amp;filter=${query.filter}&amp;cursor=${feed.nextCursor}">Older</a></p>` : ''}`,
    }).text);
  });

  // Read state: each posts to the API's route and comes back to the page it was pressed on.
  router.post('/conversations/:id/read', async (req, res) => {
    await contextOf(res).api(apiRoutes.markConversationRead, { params: { id: req.params.id! } });
    res.redirect(303, safeNext(req.body?.back));
  });
  for (const [action, route] of [['read', apiRoutes.markRead], ['unread', apiRoutes.markUnread]] as const) {
    router.post(`/communications/:id/${action}`, async (req, res) => {
      await contextOf(res).api(route, { params: { id: req.params.id! } });
      res.redirect(303, safeNext(req.body?.back));
    });
  }
}
