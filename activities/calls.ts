import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { contactIdForPhone } from '../db/contacts.ts';
import { lockConversation, markUnreadItemsRead } from '../db/conversation-read.ts';
import { openConversation } from '../db/conversations.ts';
import { newId } from '../db/ids.ts';
import {
  communications, conversations, inboxes, inboxMembers, inboxNumbers, inboxRoutingState, users,
} from '../db/schema/index.ts';
import type { RoutingPolicy } from '../domain/policies/routing.ts';
import type { Candidate } from '../domain/routing/order-agents.ts';
import type { CallStatus } from '../domain/calls/voice-events.ts';
import { unreachableReason, type RingTarget } from '../domain/carriers.ts';
import { statusesBefore } from '../domain/calls/status-order.ts';
import type { CallCommand, CarrierClient } from './carrier-client.ts';
import { loadInboxPolicies } from '../db/inbox-policies.ts';
import { contactOwner } from '../db/contact-owner.ts';

export interface RoutedCall {
  orgId: string;
  inboxId: string;
  timezone: string;
  routing: RoutingPolicy;
  routingVersion: number;
  manualMarkReadOnly: boolean;
  candidates: Candidate[];
  targets: Record<string, RingTarget>;
  lastFirstRung: string | null;
  /** The calling contact's owner, when a connected user of the inbox (routing's contactOwnerFirst); absent from calls routed before it existed. */
  contactOwnerUserId?: string | null;
  /** Connected agents the number's carrier cannot ring, and why (the call's timeline says so). */
  unreachable?: { userId: string; reason: string }[];
}

export interface CallProgress {
  orgId: string;
  callId: string;
  status: CallStatus;
  agentUserId?: string | null;
  answeredAt?: string | null;
  endedAt?: string | null;
  details?: Record<string, unknown>;
  /** An answered call marks its conversation read for the whole inbox, unless the inbox is manual-only. */
  markConversationReadBy?: string;
}

export function createCallActivities(deps: { db: Database; carrier: CarrierClient }) {
  const { db } = deps;
  return {
    /** Finds the inbox owning the dialed number, its policies and agents, and records the call in the inbox. */
    async routeCall(input: { callId: string; from: string; to: string; occurredAt: string }): Promise<RoutedCall | null> {
      const [line] = await db.select({ inbox: inboxes, carrier: inboxNumbers.carrier }).from(inboxNumbers).innerJoin(inboxes, eq(inboxes.id, inboxNumbers.inboxId)).where(eq(inboxNumbers.e164, input.to));
      if (!line) return null;
      const inbox = line.inbox;
      // Independent reads and the arrival record go together: this runs before the first ring.
      const [policies, members, [state], owner] = await Promise.all([
        loadInboxPolicies(db, inbox.id),
        db.select({ user: users, position: inboxMembers.position }).from(inboxMembers)
          .innerJoin(users, eq(users.id, inboxMembers.userId))
          .where(and(eq(inboxMembers.inboxId, inbox.id), eq(inboxMembers.role, 'connected'))),
        db.select().from(inboxRoutingState).where(eq(inboxRoutingState.inboxId, inbox.id)),
        recordArrival(db, inbox.orgId, inbox.id, input).then(() => contactOwner(db, inbox.orgId, input.from)),
      ]);
      const busy = members.length
        ? await db.selectDistinct({ userId: communications.agentUserId }).from(communications).where(and(
            // Stated as the partial index of calls in progress, so this reads only those, not the call history.
            sql`${communications.kind} = 'call' and ${communications.status} in ('routing', 'ringing', 'dialing', 'connected', 'voicemail')`,
            // On a call: answered inbound calls, and outbound calls from dialing on.
            eq(communications.orgId, inbox.orgId), inArray(communications.status, ['connected', 'dialing']),
            inArray(communications.agentUserId, members.map((m) => m.user.id)),
          ))
        : [];
      const targets = Object.fromEntries(members.map((m) => [m.user.id, ringTarget(m.user)]));
      const unreachable = members.flatMap((m) => {
        const reason = unreachableReason(line.carrier, targets[m.user.id]!);
        return reason ? [{ userId: m.user.id, reason }] : [];
      });
      return {
        orgId: inbox.orgId, inboxId: inbox.id, timezone: inbox.timezone,
        routing: policies.routing,
        routingVersion: policies.versions.routing,
        manualMarkReadOnly: policies.automation.manualMarkReadOnly,
        candidates: members.map((m) => ({
          userId: m.user.id, position: m.position, lastCallEndedAt: m.user.lastCallEndedAt?.getTime() ?? null,
          // An agent the carrier cannot ring is passed over like an unavailable one.
          available: m.user.presence === 'available' && !unreachable.some((u) => u.userId === m.user.id),
          onCall: busy.some((b) => b.userId === m.user.id),
        })),
        targets,
        lastFirstRung: state?.lastFirstRungUserId ?? null,
        contactOwnerUserId: members.some((m) => m.user.id === owner) ? owner : null,
        ...(unreachable.length ? { unreachable } : {}),
      };
    },

    async rememberFirstRung(input: { inboxId: string; userId: string }): Promise<void> {
      await db.insert(inboxRoutingState).values({ inboxId: input.inboxId, lastFirstRungUserId: input.userId })
        .onConflictDoUpdate({ target: inboxRoutingState.inboxId, set: { lastFirstRungUserId: input.userId, updatedAt: new Date() } });
    },

    async recordCallProgress(progress: CallProgress): Promise<void> {
      await db.transaction(async (tx) => {
        const thisCall = and(eq(communications.orgId, progress.orgId), eq(communications.kind, 'call'), eq(communications.externalId, progress.callId));
        if (progress.markConversationReadBy) {
          // The conversation's lock comes before this call's row, as in every transaction that marks it read.
          const [found] = await tx.select({ conversationId: communications.conversationId }).from(communications).where(thisCall);
          if (found) await lockConversation(tx, found.conversationId);
        }
        const [call] = await tx.update(communications).set({
          status: progress.status,
          ...(progress.agentUserId !== undefined ? { agentUserId: progress.agentUserId } : {}),
          ...(progress.answeredAt ? { answeredAt: new Date(progress.answeredAt) } : {}),
          ...(progress.endedAt ? { endedAt: new Date(progress.endedAt) } : {}),
          ...(progress.details ? { details: progress.details } : {}),
          updatedAt: new Date(),
        }).where(and(
          thisCall,
          // Only forward: an attempt abandoned in an outage may still commit after the call has moved on.
          inArray(communications.status, statusesBefore(progress.status)),
        )).returning();
        if (!call) return;
        if (progress.markConversationReadBy) await markUnreadItemsRead(tx, call.conversationId, progress.markConversationReadBy);
        if (progress.endedAt && call.agentUserId) {
          await tx.update(users).set({ lastCallEndedAt: new Date(progress.endedAt) }).where(eq(users.id, call.agentUserId));
        }
      });
    },

    async recordVoicemail(input: { orgId: string; callId: string; recordingUrl: string; durationSec: number; transcription?: string; occurredAt: string }): Promise<void> {
      const [call] = await db.select().from(communications)
        .where(and(eq(communications.orgId, input.orgId), eq(communications.kind, 'call'), eq(communications.externalId, input.callId)));
      if (!call) return;
      await db.insert(communications).values({
        id: newId('com'), orgId: call.orgId, inboxId: call.inboxId, conversationId: call.conversationId, kind: 'voicemail', direction: 'inbound',
        externalId: input.callId, status: 'received', fromE164: call.fromE164, toE164: call.toE164, durationSec: input.durationSec,
        occurredAt: new Date(input.occurredAt), details: { recordingUrl: input.recordingUrl, transcription: input.transcription ?? null },
      }).onConflictDoNothing();
      await db.update(conversations).set({ lastActivityAt: sql`greatest(${conversations.lastActivityAt}, ${new Date(input.occurredAt).toISOString()}::timestamptz)` })
        .where(eq(conversations.id, call.conversationId));
    },

    async sendCallCommand(input: { callId: string; idempotencyKey: string; command: CallCommand }): Promise<void> {
      await deps.carrier.sendCallCommand(input.callId, input.idempotencyKey, input.command);
    },
  };
}

function ringTarget(user: { id: string; phone: string | null; sipUri: string | null }): RingTarget {
  return { userId: user.id, ...(user.phone ? { phone: user.phone } : {}), ...(user.sipUri ? { sipUri: user.sipUri } : {}) };
}

/** The conversation in this inbox of the contact with this phone; an unknown number becomes a contact with no name. */
export async function conversationFor(db: Database, orgId: string, inboxId: string, e164: string, at: Date) {
  return openConversation(db, { orgId, inboxId, contactId: await contactIdForPhone(db, orgId, e164) }, at);
}

/** Contact, conversation and call record for a new inbound call; safe to repeat. */
async function recordArrival(db: Database, orgId: string, inboxId: string, input: { callId: string; from: string; to: string; occurredAt: string }) {
  const at = new Date(input.occurredAt);
  const conversation = await conversationFor(db, orgId, inboxId, input.from, at);
  await db.insert(communications).values({
    id: newId('com'), orgId, inboxId, conversationId: conversation.id, kind: 'call', direction: 'inbound', externalId: input.callId,
    status: 'routing', fromE164: input.from, toE164: input.to, occurredAt: at,
  }).onConflictDoNothing();
}
