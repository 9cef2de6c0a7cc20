import { and, eq, inArray, isNull, not, sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { contactIdForPhone } from '../db/contacts.ts';
import { openConversation } from '../db/conversations.ts';
import { newId } from '../db/ids.ts';
import { recordInboundCall, type InboundCallArrival } from '../db/call-arrival.ts';
import { readCallRouting, type CallRoutingFacts } from '../db/call-routing.ts';
import { communications, conversations, inboxRoutingState, users } from '../db/schema/index.ts';
import type { RoutingPolicy } from '../domain/policies/routing.ts';
import type { Candidate } from '../domain/routing/order-agents.ts';
import { openCall } from '../domain/routing/call-opening.ts';
import type { CallStatus } from '../domain/calls/voice-events.ts';
import { unreachableReason, type CarrierName, type RingTarget } from '../domain/carriers.ts';
import { statusesBefore } from '../domain/calls/status-order.ts';
import type { CallCommand, CarrierClient } from './carrier-client.ts';
import { storedPolicy } from '../db/inbox-policies.ts';

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
  /**
   * Set when routing recorded the call in its inbox already, ringing, with whom the inbox rings first (calls routed
   * by routeAndRecordCall whose opening was to ring); absent otherwise.
   */
  recordedRinging?: { firstRungUserId: string };
  /** The calling contact's owner, when a connected user of the inbox (routing's contactOwnerFirst); absent from calls routed before it existed. */
  contactOwnerUserId?: string | null;
  /** Connected agents the number's carrier cannot ring, and why (the call's timeline says so). */
  unreachable?: { userId: string; reason: string }[];
  /** The carrier the call came through, so that its commands need not look it up; absent from calls routed before routing read it. */
  broughtBy?: CarrierName;
}

/** A call as the carrier announced it, before it is recorded in the inbox that owns it. */
export type CallArrival = Pick<InboundCallArrival, 'from' | 'to' | 'occurredAt'>;

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
    /**
     * Finds the inbox owning the dialed number, its policies and agents, and the caller's contact's owner: reads only,
     * in one round trip (calls that began before routeAndRecordCall route by it).
     */
    async routeIncomingCall(input: { from: string; to: string }): Promise<RoutedCall | null> {
      const facts = await readCallRouting(db, input);
      return facts ? routedCall(facts) : null;
    },

    /**
     * Records a routed call in its inbox (contact, conversation, call record) with the status it has by then, and
     * whom the inbox rings first: the feed shows the call before its first ring reaches an agent.
     */
    async recordCallArrival(input: InboundCallArrival & { firstRungUserId?: string }): Promise<void> {
      const { firstRungUserId, ...arrival } = input;
      await recordArrival(db, arrival, firstRungUserId);
    },

    /**
     * Routes the call and, when it opens by ringing, records it in its inbox, ringing, with whom the inbox rings
     * first: one step before the first ring, which the call workflow would otherwise follow with a second (the
     * workflow task, and so the ring command, waits for every local activity it started). A call that opens
     * otherwise (closed, nobody to ring) is recorded by the workflow's first write of its status.
     */
    async routeAndRecordCall(input: { callId: string; from: string; to: string; occurredAt: string }): Promise<RoutedCall | null> {
      const facts = await readCallRouting(db, input);
      if (!facts) return null;
      const routed = routedCall(facts);
      const opening = openCall(routed.routing, routed, new Date(input.occurredAt));
      if (opening.kind !== 'ring') return routed;
      const firstRungUserId = opening.ordered[0]!;
      await recordArrival(db, { ...input, orgId: routed.orgId, inboxId: routed.inboxId, status: 'ringing' }, firstRungUserId);
      return { ...routed, recordedRinging: { firstRungUserId } };
    },

    /** Routing and the arrival record together, as calls routed before routeIncomingCall existed do it. */
    async routeCall(input: { callId: string; from: string; to: string; occurredAt: string }): Promise<RoutedCall | null> {
      const facts = await readCallRouting(db, input);
      if (!facts) return null;
      await recordInboundCall(db, { ...input, orgId: facts.orgId, inboxId: facts.inboxId, status: 'routing' });
      return routedCall(facts);
    },

    async rememberFirstRung(input: { inboxId: string; userId: string }): Promise<void> {
      await rememberFirstRung(db, input.inboxId, input.userId);
    },

    async recordCallProgress(progress: CallProgress): Promise<void> {
      const thisCall = and(eq(communications.orgId, progress.orgId), eq(communications.kind, 'call'), eq(communications.externalId, progress.callId));
      const fields = {
        status: progress.status,
        ...(progress.agentUserId !== undefined ? { agentUserId: progress.agentUserId } : {}),
        ...(progress.answeredAt ? { answeredAt: new Date(progress.answeredAt) } : {}),
        ...(progress.endedAt ? { endedAt: new Date(progress.endedAt) } : {}),
        ...(progress.details ? { details: progress.details } : {}),
        updatedAt: new Date(),
      };
      // Only forward: an attempt abandoned in an outage may still commit after the call has moved on.
      const forward = and(thisCall, inArray(communications.status, statusesBefore(progress.status)));
      const readBy = progress.markConversationReadBy;
      // One statement, no transaction: the call's record, its conversation read when given, and, once it has ended,
      // its agent's last call.
      if (!readBy) {
        const update = db.update(communications).set(fields).where(forward);
        if (!progress.endedAt) return void (await update);
        const call = db.$with('call').as(update.returning({ agentUserId: communications.agentUserId }));
        await db.with(call).update(users).set({ lastCallEndedAt: new Date(progress.endedAt) })
          .where(inArray(users.id, db.select({ id: call.agentUserId }).from(call)));
        return;
      }
      const at = new Date();
      // The conversation's lock comes before any of its items' rows, as wherever it is marked read (db/conversation-read.ts):
      // the call's update reads this CTE before it changes a row.
      const conversation = db.$with('conversation').as(db.select({ id: conversations.id }).from(conversations)
        .where(inArray(conversations.id, db.select({ id: communications.conversationId }).from(communications).where(thisCall)))
        .for('no key update'));
      const call = db.$with('call').as(db.update(communications).set({
        ...fields,
        readAt: sql`coalesce(${communications.readAt}, ${at.toISOString()}::timestamptz)`,
        readBy: sql`case when ${communications.readAt} is null then ${readBy} else ${communications.readBy} end`,
      }).where(and(forward, inArray(communications.conversationId, db.select({ id: conversation.id }).from(conversation))))
        .returning({ conversationId: communications.conversationId, agentUserId: communications.agentUserId }));
      // The conversation's other unread items (a statement changes a row once: the call's own is read just above).
      const others = db.$with('others').as(db.update(communications).set({ readAt: at, readBy })
        .where(and(inArray(communications.conversationId, db.select({ id: call.conversationId }).from(call)), isNull(communications.readAt), not(thisCall!)))
        .returning({ id: communications.id }));
      const statement = db.with(conversation, call, others);
      if (progress.endedAt) {
        await statement.update(users).set({ lastCallEndedAt: new Date(progress.endedAt) }).where(inArray(users.id, db.select({ id: call.agentUserId }).from(call)));
      } else {
        // A statement needs a main query; reading the marked rows' count runs the CTEs and nothing more.
        await statement.select({ marked: sql<number>`count(*)` }).from(others);
      }
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

    async sendCallCommand(input: { callId: string; idempotencyKey: string; command: CallCommand; broughtBy?: CarrierName }): Promise<void> {
      await deps.carrier.sendCallCommand(input.callId, input.idempotencyKey, input.command, input.broughtBy);
    },
  };
}

function ringTarget(user: { userId: string; phone: string | null; sipUri: string | null }): RingTarget {
  return { userId: user.userId, ...(user.phone ? { phone: user.phone } : {}), ...(user.sipUri ? { sipUri: user.sipUri } : {}) };
}

/** What the call workflow routes by, from what is stored. */
function routedCall(facts: CallRoutingFacts): RoutedCall {
  const { members } = facts;
  const routing = storedPolicy(facts.policies, 'routing');
  const targets = Object.fromEntries(members.map((m) => [m.userId, ringTarget(m)]));
  const unreachable = members.flatMap((m) => {
    const reason = unreachableReason(facts.carrier, targets[m.userId]!);
    return reason ? [{ userId: m.userId, reason }] : [];
  });
  return {
    orgId: facts.orgId, inboxId: facts.inboxId, timezone: facts.timezone,
    routing: routing.document,
    routingVersion: routing.version,
    manualMarkReadOnly: storedPolicy(facts.policies, 'automation').document.manualMarkReadOnly,
    candidates: members.map((m) => ({
      userId: m.userId, position: m.position, lastCallEndedAt: m.lastCallEndedAt,
      // An agent the carrier cannot ring is passed over like an unavailable one.
      available: m.presence === 'available' && !unreachable.some((u) => u.userId === m.userId),
      onCall: m.onCall,
    })),
    targets,
    lastFirstRung: facts.lastFirstRung,
    contactOwnerUserId: members.some((m) => m.userId === facts.contactOwner) ? facts.contactOwner : null,
    ...(unreachable.length ? { unreachable } : {}),
    ...(facts.broughtBy ? { broughtBy: facts.broughtBy } : {}),
  };
}

/** A routed call recorded in its inbox and, when given, whom the inbox rings first: side by side, as they are independent. */
async function recordArrival(db: Database, arrival: InboundCallArrival, firstRungUserId?: string): Promise<void> {
  await Promise.all([
    recordInboundCall(db, arrival),
    firstRungUserId ? rememberFirstRung(db, arrival.inboxId, firstRungUserId) : undefined,
  ]);
}

async function rememberFirstRung(db: Database, inboxId: string, userId: string): Promise<void> {
  await db.insert(inboxRoutingState).values({ inboxId, lastFirstRungUserId: userId })
    .onConflictDoUpdate({ target: inboxRoutingState.inboxId, set: { lastFirstRungUserId: userId, updatedAt: new Date() } });
}

/** The conversation in this inbox of the contact with this phone; an unknown number becomes a contact with no name. */
export async function conversationFor(db: Database, orgId: string, inboxId: string, e164: string, at: Date) {
  return openConversation(db, { orgId, inboxId, contactId: await contactIdForPhone(db, orgId, e164) }, at);
}
