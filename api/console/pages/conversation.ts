import type { Router } from 'express';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../../db/database.ts';
import { HttpProblem } from '../../http/problem.ts';
import { apiRoutes } from '../api-routes.ts';
import { contextOf, type ConsoleContext } from '../context.ts';
import { readConversation, type Conversation } from '../conversations.ts';
import { html } from '../html.ts';
import { actionForm, itemEntry } from '../items.ts';
import { csrfField, layout, notice } from '../layout.ts';
import type { Inbox } from './inboxes.ts';

interface ReplyForm { body: string; idempotencyKey: string; error?: string; formError?: string }

const sentNotices: Record<string, string> = { sent: 'Reply sent.', sending: 'Reply accepted: the carrier has not confirmed it yet, and sending goes on.' };

async function conversationPage(ctx: ConsoleContext, conversation: Conversation, reply: ReplyForm, flash?: string) {
  const { body: inbox } = await ctx.api<Inbox>(apiRoutes.inbox, { params: { id: conversation.inboxId } });
  const here = `/console/conversations/${conversation.id}`;
  const unread = conversation.items.some((item) => !item.read);
  const title = conversation.contact.name ? `${conversation.contact.name} (${conversation.contact.phone})` : conversation.contact.phone;
  return layout({
    title, ctx, section: 'inboxes', inbox: { id: inbox.id, name: inbox.name, tab: 'feed' },
    body: html`${notice(flash)}
${unread ? actionForm(ctx, `/console/conversations/${conversation.id}/read`, 'Mark all read', here) : ''}
<h2>Messages and calls</h2>
${conversation.items.length
    ? html`<ol class="feed thread">${conversation.items.map((item) => itemEntry(ctx, item, inbox.timezone, here, { showContact: false }))}</ol>`
    : html`<p class="empty">Nothing yet.</p>`}
<form method="post" action="${here}/reply" class="reply" novalidate>
${csrfField(ctx)}<input type="hidden" name="idempotencyKey" value="${reply.idempotencyKey}">
${notice(reply.formError, 'error')}
<p><label for="reply-body">Reply by text message</label>
<textarea id="reply-body" name="body" rows="3" maxlength="1600"${reply.error ? html` aria-invalid="true" aria-describedby="reply-body-error"` : ''}>${reply.body}</textarea>
${reply.error ? html`<span class="field-error" id="reply-body-error">${reply.error}</span>` : ''}</p>
<p><button type="submit">Send</button></p>
</form>`,
  });
}

export function conversationRoutes(router: Router, deps: { db: Database }) {
  router.get('/conversations/:id', async (req, res) => {
    const ctx = contextOf(res);
    const conversation = await readConversation(deps.db, ctx.caller, req.params.id!);
    const flash = sentNotices[String(req.query.reply)];
    res.send((await conversationPage(ctx, conversation, { body: '', idempotencyKey: randomUUID() }, flash)).text);
  });

  // The API's reply route does the work; the form's idempotency key makes a double submit send once.
  router.post('/conversations/:id/reply', async (req, res) => {
    const ctx = contextOf(res);
    const conversation = await readConversation(deps.db, ctx.caller, req.params.id!);
    const text = typeof req.body?.body === 'string' ? req.body.body : '';
    const idempotencyKey = typeof req.body?.idempotencyKey === 'string' && req.body.idempotencyKey ? req.body.idempotencyKey : randomUUID();
    try {
      const { body } = await ctx.api<{ status: 'sent' | 'sending' }>(apiRoutes.reply, {
        params: { id: conversation.id }, body: { body: text }, headers: { 'idempotency-key': idempotencyKey },
      });
      res.redirect(303, `/console/conversations/${conversation.id}?reply=${body.status}#reply-body`);
    } catch (error) {
      if (!(error instanceof HttpProblem) || (error.status !== 400 && error.status !== 409)) throw error;
      const fieldError = error.errors?.find((e) => e.path === 'body')?.message;
      const reply = { body: text, idempotencyKey: randomUUID(), error: fieldError, formError: fieldError ? 'The reply was not sent.' : error.message };
      res.status(error.status).send((await conversationPage(ctx, conversation, reply)).text);
    }
  });
}
