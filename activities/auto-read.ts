import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { communications } from '../db/schema/index.ts';
import type { AutomationPolicy } from '../domain/policies/automation.ts';
import { rowsOf } from '../db/rows.ts';
import { loadInboxPolicies } from '../db/inbox-policies.ts';

export function createAutoReadActivities(deps: { db: Database }) {
  const { db } = deps;
  return {
    async loadAutomationPolicy(input: { inboxId: string }): Promise<{ document: AutomationPolicy; version: number }> {
      const policies = await loadInboxPolicies(db, input.inboxId);
      return { document: policies.automation, version: policies.versions.automation };
    },

    /**
     * Marks read, as "auto", at most batchSize unread items that happened at or before the cutoff. Each call is
     * one short statement over the partial unread index, so no lock is held for long however many rows wait.
     * The rows are picked and locked by the index, then updated by their physical address (a TID scan): the
     * rows stay locked from one to the other, so the address cannot move. Found again by primary key instead,
     * each row costs one more index probe (the cleanup of 1M items against one raw UPDATE: 1.16-1.37x this way,
     * 1.38-1.55x by key, bench/auto-read-cleanup.ts; noisy); joined to a CTE, the planner could hash a
     * sequential scan of all communications for every batch.
     */
    async clearExpiredBatch(input: { inboxId: string; cutoff: string; batchSize: number }): Promise<{ cleared: number }> {
      // Counted in the database rather than returning, and parsing, a row per item.
      const result = await db.execute(sql`
        with cleared as (
          update communications set read_at = now(), read_by = 'auto'
          where ctid = any(array(
            select ctid from communications
            where inbox_id = ${input.inboxId} and read_at is null and occurred_at <= ${input.cutoff}::timestamptz
            order by occurred_at
            limit ${input.batchSize}
            for update skip locked
          ))
          returning 1
        )
        select count(*)::int as cleared from cleared`);
      const [row] = rowsOf<{ cleared: number }>(result);
      return { cleared: row!.cleared };
    },

    async oldestUnreadAt(input: { inboxId: string }): Promise<string | null> {
      const [row] = await db.select({ at: sql<Date | string | null>`min(${communications.occurredAt})` }).from(communications)
        .where(and(eq(communications.inboxId, input.inboxId), isNull(communications.readAt)));
      return row?.at ? new Date(row.at).toISOString() : null;
    },
  };
}
