import type { FeedItem } from './conversations.ts';
import { duration, statusLabel, time } from './format.ts';
import { html, type Html } from './html.ts';
import type { ConsoleContext } from './context.ts';
import { csrfField } from './layout.ts';

const kindLabel = { call: 'Call', voicemail: 'Voicemail', message: 'Text' } as const;

/** What one call, voicemail or message was, in a line. */
export function itemSummary(item: FeedItem): Html {
  const way = item.direction === 'inbound' ? 'in' : 'out';
  if (item.kind === 'message') return html`<span class="kind ${way}">${item.direction === 'inbound' ? 'Received' : 'Sent'}</span> ${item.body ?? ''}`;
  if (item.kind === 'voicemail') {
    return html`<span class="kind">Voicemail</span> ${duration(item.durationSec)} ${item.transcription ? html`· “${item.transcription}”` : ''}`;
  }
  return html`<span class="kind">Call</span> <span class="status s-${item.status}">${statusLabel(item.status)}</span>${item.durationSec ? ` · ${duration(item.durationSec)}` : ''}
<a href="/console/calls/${encodeURIComponent(item.externalId)}">timeline<span class="visually-hidden"> of the call with ${item.contact.name ?? item.contact.phone}</span></a>`;
}

/** A small form that posts one action and comes back to this page (a plain form: it works without scripts). */
export function actionForm(ctx: ConsoleContext, action: string, label: string, back: string, describedBy?: string) {
  return html`<form method="post" action="${action}" class="inline">${csrfField(ctx)}<input type="hidden" name="back" value="${back}">
<button type="submit" class="small"${describedBy ? html` aria-describedby="${describedBy}"` : ''}>${label}</button></form>`;
}

/** One item of the unthreaded feed or a conversation, with its mark read or unread button. */
export function itemEntry(ctx: ConsoleContext, item: FeedItem, zone: string, back: string, options: { showContact: boolean }): Html {
  const anchor = `i-${item.id}`;
  return html`<li class="item ${item.read ? 'read' : 'unread'} k-${item.kind} ${item.direction}" id="${anchor}">
<div class="line"><span class="visually-hidden">${kindLabel[item.kind]}, ${item.read ? 'read' : 'unread'}.</span>
${options.showContact ? html`<a class="contact" href="/console/conversations/${item.conversationId}">${item.contact.name ?? item.contact.phone}</a>` : ''}
${time(item.occurredAt, zone)}${item.read ? '' : html` <span class="dot" aria-hidden="true">●</span>`}</div>
<p class="summary" id="${anchor}-summary">${itemSummary(item)}</p>
${actionForm(ctx, `/console/communications/${item.id}/${item.read ? 'unread' : 'read'}`, item.read ? 'Mark unread' : 'Mark read', `${back}#${anchor}`, `${anchor}-summary`)}
</li>`;
}
