import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { findInbox } from '../../db/daily-reports.ts';
import { contactPhones, contacts, dailyReports, notificationRequests, type emailDeliveries } from '../../db/schema/index.ts';
import { storedFigures } from '../../domain/reports/figures.ts';
import type { EmailContent } from './compose.ts';

interface CallPayload { from?: string; startedAt?: string | null; endedAt?: string | null; voicemail?: { recordingUrl: string; durationSec: number; transcription?: string; occurredAt: string } }
interface MessagePayload { from?: string; body?: string; occurredAt?: string; conversationId?: string }

/** What an email says, loaded afresh for each attempt from the records the email was planned from. */
export async function loadEmailContent(db: Database, delivery: typeof emailDeliveries.$inferSelect): Promise<EmailContent | undefined> {
  const inbox = await findInbox(db, delivery.inboxId);
  if (!inbox) return undefined;
  if (delivery.kind === 'daily_report') {
    const date = delivery.subjectId.slice(delivery.inboxId.length + 1);
    const [report] = await db.select().from(dailyReports).where(and(eq(dailyReports.inboxId, inbox.id), eq(dailyReports.date, date)));
    return report && { kind: 'daily_report', report: { inbox, figures: storedFigures(report.figures) } };
  }
  const [request] = await db.select().from(notificationRequests).where(eq(notificationRequests.id, delivery.subjectId));
  if (!request) return undefined;
  const payload = request.payload as CallPayload & MessagePayload;
  const e164 = payload.from ?? 'an unknown number';
  const [contact] = await db.select({ name: contacts.name }).from(contactPhones).innerJoin(contacts, eq(contacts.id, contactPhones.contactId))
    .where(and(eq(contactPhones.orgId, inbox.orgId), eq(contactPhones.e164, e164)));
  const common = { inbox, contact: { e164, name: contact?.name ?? null } };
  if (request.kind === 'inbound_message') {
    return {
      kind: request.kind,
      notification: { ...common, occurredAt: new Date(payload.occurredAt ?? request.createdAt), conversationId: payload.conversationId ?? null, message: { body: payload.body ?? '' } },
    };
  }
  const voicemail = payload.voicemail;
  return {
    kind: request.kind,
    notification: {
      ...common,
      occurredAt: new Date(payload.startedAt ?? request.createdAt),
      conversationId: null,
      call: { callId: request.subjectId, endedAt: payload.endedAt ? new Date(payload.endedAt) : null },
      ...(request.kind === 'voicemail' && voicemail
        ? { voicemail: { recordingUrl: voicemail.recordingUrl, durationSec: voicemail.durationSec, transcription: voicemail.transcription ?? null } }
        : {}),
    },
  };
}
