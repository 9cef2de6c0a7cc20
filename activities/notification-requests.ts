import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { planDeliveries } from '../db/email-deliveries.ts';
import { loadInboxPolicies } from '../db/inbox-policies.ts';
import { inboxWatchers } from '../db/mail-recipients.ts';
import { communications, notificationRequests, type notificationKinds } from '../db/schema/index.ts';
import type { NotificationsPolicy } from '../domain/policies/notifications.ts';

type NotificationKind = (typeof notificationKinds)[number];

const policySwitch: Record<NotificationKind, keyof NotificationsPolicy['watchers']> = {
  missed_call: 'missedCall', abandoned_call: 'abandonedCall', voicemail: 'voicemail', inbound_message: 'inboundMessage',
};

/** Notifications of missed calls, voicemails, inbound messages…: recorded once per subject and kind, then mailed to watchers. */
export function createNotificationRequestActivities(deps: {
  db: Database;
  /** Starts the workflow that mails a request, or accepts the one already started for it. */
  startNotificationWorkflow(notificationId: string): Promise<void>;
  from: string;
}) {
  const { db } = deps;
  return {
    /**
     * One request per subject (a call or a message) and kind, however often this runs, and the workflow that
     * mails it, started under the request's id so a repeat finds it already there.
     */
    async requestNotification(input: { orgId: string; inboxId: string; subjectId: string; kind: NotificationKind; payload: Record<string, unknown> }): Promise<void> {
      const id = `${input.kind}:${input.subjectId}`;
      await db.insert(notificationRequests).values({
        id, orgId: input.orgId, inboxId: input.inboxId, kind: input.kind, subjectId: input.subjectId, payload: input.payload,
      }).onConflictDoNothing();
      await deps.startNotificationWorkflow(id);
    },

    /**
     * The emails this notification needs, per the inbox's notification policy now: one per watcher, except
     * a watcher who handled the item themselves (declined the call, or already read it).
     */
    async planNotificationEmails(input: { notificationId: string }): Promise<string[]> {
      const [request] = await db.select().from(notificationRequests).where(eq(notificationRequests.id, input.notificationId));
      if (!request || request.deliveredAt) return [];
      const policies = await loadInboxPolicies(db, request.inboxId);
      if (!policies.notifications.watchers[policySwitch[request.kind]]) return [];
      const handledBy = await handlers(db, request);
      const recipients = (await inboxWatchers(db, request.inboxId)).filter((watcher) => !handledBy.has(watcher.userId));
      return planDeliveries(db, {
        orgId: request.orgId, inboxId: request.inboxId, kind: request.kind, subjectId: request.id, keyPrefix: `notification:${request.id}`, recipients, from: deps.from,
      });
    },

    async markNotificationDelivered(input: { notificationId: string }): Promise<void> {
      await db.update(notificationRequests).set({ deliveredAt: new Date() }).where(eq(notificationRequests.id, input.notificationId));
    },
  };
}

/** Users who acted on the item: the agent on it, whoever declined the call, whoever read it. */
async function handlers(db: Database, request: typeof notificationRequests.$inferSelect): Promise<Set<string>> {
  const kind = request.kind === 'inbound_message' ? 'message' : 'call';
  const [item] = await db.select({ agentUserId: communications.agentUserId, readBy: communications.readBy, details: communications.details }).from(communications)
    .where(and(eq(communications.orgId, request.orgId), eq(communications.kind, kind), eq(communications.externalId, request.subjectId)));
  const users = new Set<string>();
  if (!item) return users;
  if (item.agentUserId) users.add(item.agentUserId);
  if (item.readBy && item.readBy !== 'auto') users.add(item.readBy);
  const timeline = ((item.details as { timeline?: { type: string; detail?: { userId?: string } }[] }).timeline) ?? [];
  for (const entry of timeline) if (entry.type === 'call.declined' && entry.detail?.userId) users.add(entry.detail.userId);
  return users;
}
