import type { Database } from '../db/database.ts';
import type { notificationKinds} from '../db/schema/index.ts';
import { notificationRequests } from '../db/schema/index.ts';

/** Hands notifications (missed calls, voicemails, inbound messages…) to the mail side, keyed so none is asked for twice. */
export function createNotificationRequestActivities(deps: { db: Database }) {
  return {
    /** One request per subject (a call or a message) and kind, however often this runs. */
    async requestNotification(input: { orgId: string; inboxId: string; subjectId: string; kind: (typeof notificationKinds)[number]; payload: Record<string, unknown> }): Promise<void> {
      await deps.db.insert(notificationRequests).values({
        id: `${input.kind}:${input.subjectId}`, orgId: input.orgId, inboxId: input.inboxId, kind: input.kind, subjectId: input.subjectId, payload: input.payload,
      }).onConflictDoNothing();
    },
  };
}
