import { setTimeout as delay } from 'node:timers/promises';
import type { ApiClient } from './api-client.ts';

// Everything the demo reads about conversations and their items goes through here, so it can move to the
// conversation endpoints (GET /v1/conversations/:id, /items) in one place when they exist.

/** One call, voicemail or message, as the inbox's unthreaded feed shows it (docs/api.md, "Inbox feed"). */
export interface FeedItem {
  id: string;
  kind: 'call' | 'voicemail' | 'message';
  direction: 'inbound' | 'outbound';
  status: string;
  conversationId: string;
  externalId: string;
  read: boolean;
  autoRead: boolean;
}

/** Every item of an inbox, newest first. */
export async function inboxItems(api: ApiClient, inboxId: string): Promise<FeedItem[]> {
  const items: FeedItem[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: FeedItem[]; nextCursor: string | null } = await api.request('GET', `/v1/inboxes/${inboxId}/feed?view=unthreaded&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** The conversation an inbound message was threaded into, once its workflow has stored it. */
export async function conversationOfMessage(api: ApiClient, inboxId: string, messageId: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const item = (await inboxItems(api, inboxId)).find((i) => i.kind === 'message' && i.externalId === messageId);
    if (item) return item.conversationId;
    await delay(150);
  }
  throw new Error(`message ${messageId} did not reach its inbox within ${timeoutMs / 1000} s`);
}

/** An agent's SMS reply in a conversation; the key makes a retry send nothing twice. */
export async function reply(agent: ApiClient, conversationId: string, body: string, idempotencyKey: string): Promise<{ status: string }> {
  return agent.request('POST', `/v1/conversations/${conversationId}/messages`, { body }, { 'idempotency-key': idempotencyKey });
}
