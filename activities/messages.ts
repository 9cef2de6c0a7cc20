import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Database } from '../db/database.ts';
import { lockConversation, markUnreadItemsRead } from '../db/conversation-read.ts';
import { newId } from '../db/ids.ts';
import { autoReplies, communications, conversations, inboxes, inboxNumbers } from '../db/schema/index.ts';
import type { AutomationPolicy } from '../domain/policies/automation.ts';
import type { RoutingPolicy } from '../domain/policies/routing.ts';
import type { InboundMessage } from '../domain/messages/message-events.ts';
import { conversationFor } from './calls.ts';
import type { CarrierClient, OutboundSms } from './carrier-client.ts';
import { loadInboxPolicies } from '../db/inbox-policies.ts';

export interface StoredMessage {
  orgId: string;
  inboxId: string;
  conversationId: string;
  timezone: string;
  businessHours: RoutingPolicy['businessHours'];
  autoReply: AutomationPolicy['afterHoursAutoReply'];
  primaryNumber: string | null;
}

export interface OutboundRecord {
  orgId: string;
  inboxId: string;
  conversationId: string;
  messageId: string;
  from: string;
  to: string;
  body: string;
  agentUserId: string | null;
  /** The record's id, when its sender was already given one (a new outbound text's messageId). */
  communicationId?: string;
  /** An agent's reply marks the conversation read for the inbox, unless it is manual-mark-as-read-only. */
  markReadBy?: string;
}

export function createMessageActivities(deps: { db: Database; carrier: CarrierClient }) {
  const { db } = deps;
  return {
    /** Threads an inbound message into its contact's conversation in the inbox owning the number, unread. */
    async storeInboundMessage(event: InboundMessage): Promise<StoredMessage | null> {
      const [line] = await db.select({ inbox: inboxes }).from(inboxNumbers).innerJoin(inboxes, eq(inboxes.id, inboxNumbers.inboxId)).where(eq(inboxNumbers.e164, event.to));
      if (!line) return null;
      const { inbox } = line;
      const at = new Date(event.occurredAt);
      const conversation = await conversationFor(db, inbox.orgId, inbox.id, event.from, at);
      await db.insert(communications).values({
        id: newId('com'), orgId: inbox.orgId, inboxId: inbox.id, conversationId: conversation.id, kind: 'message', direction: 'inbound',
        externalId: event.messageId, status: 'received', fromE164: event.from, toE164: event.to, body: event.body, occurredAt: at,
      }).onConflictDoNothing();
      const policies = await loadInboxPolicies(db, inbox.id);
      const [primary] = await db.select().from(inboxNumbers).where(and(eq(inboxNumbers.inboxId, inbox.id), eq(inboxNumbers.primary, true)));
      return {
        orgId: inbox.orgId, inboxId: inbox.id, conversationId: conversation.id, timezone: inbox.timezone,
        businessHours: policies.routing.businessHours, autoReply: policies.automation.afterHoursAutoReply,
        primaryNumber: primary?.e164 ?? null,
      };
    },

    /** True only the first time for this conversation and inbox-local day. */
    async claimAutoReply(input: { conversationId: string; timezone: string; at: string }): Promise<boolean> {
      const localDate = DateTime.fromISO(input.at, { zone: input.timezone }).toISODate()!;
      const claimed = await db.insert(autoReplies).values({ conversationId: input.conversationId, localDate }).onConflictDoNothing().returning();
      return claimed.length > 0;
    },

    async sendSms(input: OutboundSms & { idempotencyKey: string }): Promise<{ messageId: string }> {
      return deps.carrier.sendMessage(input.idempotencyKey, { from: input.from, to: input.to, body: input.body });
    },

    async recordOutboundMessage(record: OutboundRecord): Promise<{ communicationId: string }> {
      return db.transaction(async (tx) => {
        const now = new Date();
        // Before any item of the conversation, as in every transaction that marks it read.
        await lockConversation(tx, record.conversationId);
        await tx.insert(communications).values({
          id: record.communicationId ?? newId('com'), orgId: record.orgId, inboxId: record.inboxId, conversationId: record.conversationId, kind: 'message', direction: 'outbound',
          externalId: record.messageId, status: 'sent', fromE164: record.from, toE164: record.to, body: record.body, agentUserId: record.agentUserId,
          occurredAt: now, readAt: now, readBy: record.agentUserId ?? 'auto',
        }).onConflictDoNothing();
        await tx.update(conversations).set({ lastActivityAt: now }).where(eq(conversations.id, record.conversationId));
        if (record.markReadBy) await markUnreadItemsRead(tx, record.conversationId, record.markReadBy, now);
        const [row] = await tx.select({ id: communications.id }).from(communications)
          .where(and(eq(communications.orgId, record.orgId), eq(communications.kind, 'message'), eq(communications.externalId, record.messageId)));
        return { communicationId: row!.id };
      });
    },
  };
}
