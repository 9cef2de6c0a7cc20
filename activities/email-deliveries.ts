import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { emailDeliveries, users } from '../db/schema/index.ts';
import { composeEmail, type Links } from './mail/compose.ts';
import { loadEmailContent } from './mail/content.ts';
import type { MailTemplates } from './mail/templates.ts';
import { isPermanentFailure, type MailTransport } from './mail/transport.ts';

export interface MailDeps {
  db: Database;
  transport: MailTransport;
  templates: MailTemplates;
  from: string;
  links: Links;
}

/**
 * An attempt's claim on an email is a lease of this long, renewed every CLAIM_RENEW_MS while the attempt is
 * alive: a dead attempt's email is free again within seconds, a live one's never, however late its
 * heartbeats reach Temporal (a starved worker's attempt is timed out and retried while it is still sending).
 */
const CLAIM_SECONDS = 20;
const CLAIM_RENEW_MS = 5_000;

export type DeliveryOutcome = 'sent' | 'failed';

export function createEmailDeliveryActivities(deps: MailDeps) {
  const { db } = deps;
  return {
    /**
     * Sends the email recorded under `key` unless it already went: settled rows are final, and a row is
     * claimed before the send so a second attempt cannot send alongside the first (not even a retry of
     * this one, which Temporal may start while this attempt still runs). The record is written
     * the moment SMTP accepts, which is the only window in which a crash can cause a second copy, and
     * that copy carries the same Message-ID. Transient failures throw (Temporal retries with backoff);
     * permanent ones (a rejected address) are recorded and not retried.
     */
    async deliverEmail(input: { key: string }): Promise<DeliveryOutcome> {
      const claimant = currentAttempt();
      const [claimed] = await db.update(emailDeliveries)
        .set({
          claimedUntil: sql`now() + make_interval(secs => ${CLAIM_SECONDS})`, claimedBy: claimant.id, claimedAttempt: claimant.attempt,
          attempts: sql`${emailDeliveries.attempts} + 1`, updatedAt: new Date(),
        })
        .where(and(eq(emailDeliveries.key, input.key), eq(emailDeliveries.status, 'pending'), or(
          isNull(emailDeliveries.claimedUntil),
          lt(emailDeliveries.claimedUntil, sql`now()`),
        )))
        .returning();
      if (!claimed) {
        const [row] = await db.select({ status: emailDeliveries.status }).from(emailDeliveries).where(eq(emailDeliveries.key, input.key));
        if (!row) throw ApplicationFailure.nonRetryable(`no email is recorded under ${input.key}`, 'UnknownEmail');
        if (row.status !== 'pending') return row.status;
        throw ApplicationFailure.retryable(`another attempt is sending ${input.key}`, 'EmailBeingSent');
      }
      const held = and(eq(emailDeliveries.key, input.key), eq(emailDeliveries.claimedBy, claimant.id), eq(emailDeliveries.claimedAttempt, claimant.attempt));
      const renewal = renewWhile(() => db.update(emailDeliveries).set({ claimedUntil: sql`now() + make_interval(secs => ${CLAIM_SECONDS})` })
        .where(and(held, eq(emailDeliveries.status, 'pending'))));
      const settle = (fields: Partial<typeof emailDeliveries.$inferInsert>) =>
        db.update(emailDeliveries).set({ ...fields, claimedUntil: null, updatedAt: new Date() }).where(eq(emailDeliveries.key, input.key));
      try {
        return await send(claimed, settle);
      } finally {
        renewal.stop();
      }
    },
  };

  /** Composes and sends a claimed email, and records how it went. */
  async function send(claimed: typeof emailDeliveries.$inferSelect, settle: (fields: Partial<typeof emailDeliveries.$inferInsert>) => Promise<unknown>): Promise<DeliveryOutcome> {
    const [content, [recipient]] = await Promise.all([
      loadEmailContent(db, claimed),
      claimed.recipientUserId ? db.select({ name: users.name }).from(users).where(eq(users.id, claimed.recipientUserId)) : Promise.resolve([]),
    ]);
    if (!content) {
      await settle({ status: 'failed', lastError: 'what this email was about no longer exists' });
      return 'failed';
    }
    const email = composeEmail({
      content, recipient: { name: recipient?.name ?? claimed.toAddress, email: claimed.toAddress }, messageId: claimed.messageId,
      from: deps.from, links: deps.links, templates: deps.templates, date: claimed.createdAt,
    });
    const heartbeat = heartbeatWhile();
    try {
      const { response } = await deps.transport.send(email);
      // SMTP has the email now. Were this write to fail and the attempt with it, the next attempt would
      // send a second copy: so it is retried within this attempt (a database outage of a minute or so).
      await untilWritten(() => settle({ status: 'sent', sentAt: new Date(), smtpResponse: response.slice(0, 500), lastError: null }), attemptEnd());
      return 'sent';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (isPermanentFailure(error)) {
        await settle({ status: 'failed', lastError: message.slice(0, 500) });
        return 'failed';
      }
      await settle({ lastError: message.slice(0, 500) });
      throw ApplicationFailure.retryable(`sending ${claimed.key} failed, will retry: ${message}`, 'EmailNotSentYet');
    } finally {
      heartbeat.stop();
    }
  }
}

/** Renews the claim every CLAIM_RENEW_MS until stopped or the attempt's time is up (a renewal that fails is tried again at the next). */
function renewWhile(renew: () => Promise<unknown>) {
  const until = attemptEnd();
  const timer = setInterval(() => void (Date.now() < until ? renew().catch(() => undefined) : undefined), CLAIM_RENEW_MS);
  return { stop: () => clearInterval(timer) };
}

/** Leaves this much of an attempt's time for it to report back to Temporal after its last write. */
const REPORT_MARGIN_MS = 5_000;

/** When this attempt must be done writing, so that it still ends before Temporal gives up on it (and retries). */
function attemptEnd(): number {
  try {
    const { currentAttemptScheduledTimestampMs, startToCloseTimeoutMs } = Context.current().info;
    return currentAttemptScheduledTimestampMs + startToCloseTimeoutMs - REPORT_MARGIN_MS;
  } catch {
    return Date.now() + 30_000;
  }
}

/** Runs `write` until it succeeds, with backoff, as long as there is time before `deadline`; then its last error. */
async function untilWritten(write: () => Promise<unknown>, deadline: number): Promise<void> {
  for (let waitMs = 250; ; waitMs = Math.min(waitMs * 2, 5_000)) {
    try {
      await write();
      return;
    } catch (error) {
      if (Date.now() + waitMs >= deadline) throw error;
      await delay(waitMs);
    }
  }
}

/** This activity attempt's identity; outside an activity (tests, scripts) a one-off one. */
function currentAttempt(): { id: string; attempt: number } {
  try {
    const info = Context.current().info;
    return { id: `${info.workflowExecution?.workflowId ?? 'standalone'}/${info.activityId}`, attempt: info.attempt };
  } catch {
    return { id: `direct/${randomUUID()}`, attempt: 1 };
  }
}

/** Heartbeats while a send is in flight, so a worker that dies mid-send is noticed in seconds. */
function heartbeatWhile() {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    // Called outside an activity (a test or the API): nothing to heartbeat.
  }
  const timer = context ? setInterval(() => context.heartbeat(), 1000) : undefined;
  return { stop: () => clearInterval(timer) };
}
