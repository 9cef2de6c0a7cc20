import type { Client } from '@temporalio/client';
import { asc, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.ts';
import { workflowOutbox } from '../../db/schema/index.ts';
import type { PolicyChange } from '../policy-changed.ts';
import type { PolicyFollower } from './policy-followers.ts';
import { createPolicyPropagator } from './policy-propagator.ts';

/** What an inbox's running workflows must be told after a change is stored. */
export type WorkflowNotice =
  | { kind: 'policy_changed'; change: PolicyChange }
  | { kind: 'timezone_changed'; orgId: string; inboxId: string }
  | { kind: 'inbox_deleted'; orgId: string; inboxId: string };

export interface WorkflowOutbox {
  /** Records the notice in the caller's transaction: once that commits, it is delivered however long Temporal is away. */
  record(tx: Database, notice: WorkflowNotice): Promise<void>;
  /** Delivers what is pending, waiting at most `waitMs` for it; what is left goes on in the background until delivered. */
  flush(waitMs?: number): Promise<void>;
  /** Delivers what an earlier process left pending. */
  start(): void;
  /** Stops retrying and waits for a delivery under way. */
  stop(): Promise<void>;
}

export interface OutboxTiming {
  /** How long one notice may take to deliver before the attempt counts as failed. */
  attemptMs: number;
  /** Retries after a failure wait this long, doubling up to maxRetryMs. */
  firstRetryMs: number;
  maxRetryMs: number;
}

const defaultTiming: OutboxTiming = { attemptMs: 5_000, firstRetryMs: 1_000, maxRetryMs: 15_000 };
const BATCH = 50;

/**
 * The transactional outbox between a stored change and the workflows it concerns. The API answers once the change
 * is stored; delivery is tried at once and, while Temporal cannot be reached, retried with backoff by this
 * process. Notices go out in the order they were recorded. Delivering one twice (two API processes) is harmless:
 * workflows keep the highest policy version they have seen, and the other deliveries are idempotent.
 */
export function createWorkflowOutbox(deps: {
  db: Database; temporal: Client; taskQueue: string; followers: PolicyFollower[]; logger: Logger; timing?: Partial<OutboxTiming>;
}): WorkflowOutbox {
  const { db } = deps;
  const timing = { ...defaultTiming, ...deps.timing };
  const policies = createPolicyPropagator(deps);
  let running: Promise<void> | undefined;
  let requested = false;
  let stopped = false;
  let retryAfter = timing.firstRetryMs;
  let retry: NodeJS.Timeout | undefined;

  const deliver = (notice: WorkflowNotice) => {
    if (notice.kind === 'policy_changed') return policies.propagate(notice.change);
    if (notice.kind === 'timezone_changed') return policies.timezoneChanged(notice.orgId, notice.inboxId);
    return policies.inboxDeleted(notice.inboxId);
  };

  async function deliverPending() {
    for (;;) {
      const rows = await db.select().from(workflowOutbox).orderBy(asc(workflowOutbox.id)).limit(BATCH);
      if (!rows.length) return;
      for (const row of rows) {
        try {
          await deps.temporal.withDeadline(Date.now() + timing.attemptMs, () => deliver(row.payload as WorkflowNotice));
        } catch (error) {
          await db.update(workflowOutbox).set({ attempts: sql`${workflowOutbox.attempts} + 1`, lastError: String(error), lastAttemptAt: new Date() })
            .where(eq(workflowOutbox.id, row.id));
          throw error;
        }
        await db.delete(workflowOutbox).where(eq(workflowOutbox.id, row.id));
      }
    }
  }

  // One delivery loop per process; a request made while it runs makes it look again before it ends.
  function drain(): Promise<void> {
    requested = true;
    running ??= (async () => {
      try {
        while (requested && !stopped) {
          requested = false;
          await deliverPending();
        }
        retryAfter = timing.firstRetryMs;
      } catch (error) {
        deps.logger.warn({ err: error, retryInMs: retryAfter }, 'inbox workflows not told of a stored change yet; retrying');
        if (!stopped) {
          clearTimeout(retry);
          retry = setTimeout(() => void drain(), retryAfter).unref();
          retryAfter = Math.min(retryAfter * 2, timing.maxRetryMs);
        }
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  return {
    async record(tx, notice) {
      await tx.insert(workflowOutbox).values({ orgId: 'change' in notice ? notice.change.orgId : notice.orgId, inboxId: inboxOf(notice), kind: notice.kind, payload: notice });
    },
    async flush(waitMs = timing.attemptMs) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([drain(), new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
      clearTimeout(timer);
    },
    start() {
      void drain();
    },
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await running;
    },
  };
}

const inboxOf = (notice: WorkflowNotice) => (notice.kind === 'policy_changed' ? notice.change.inboxId : notice.inboxId);
