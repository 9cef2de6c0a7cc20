import { and, eq, sql } from 'drizzle-orm';
import type { Database } from './database.ts';
import { inboxPolicies } from './schema/index.ts';
import type { AutomationPolicy } from '../domain/policies/automation.ts';
import { policyDefaults, policyNames, policySchemas, type PolicyName } from '../domain/policies/index.ts';
import type { NotificationsPolicy } from '../domain/policies/notifications.ts';
import type { ReportsPolicy } from '../domain/policies/reports.ts';
import type { RoutingPolicy } from '../domain/policies/routing.ts';

export interface InboxPolicies {
  routing: RoutingPolicy;
  automation: AutomationPolicy;
  notifications: NotificationsPolicy;
  reports: ReportsPolicy;
  /** 0 for a policy never set (its defaults apply). */
  versions: Record<PolicyName, number>;
}

// Stored documents go through their schema, so a field added since they were stored reads as its default.
const parsed = (name: PolicyName, document: unknown): unknown => policySchemas[name].parse(document);

/** One policy from the inbox's stored rows: what was set, else the defaults, and its version (0: never set). */
export function storedPolicy<N extends PolicyName>(rows: { name: string; document: unknown; version: number }[], name: N): { document: InboxPolicies[N]; version: number } {
  const row = rows.find((r) => r.name === name);
  return { document: (row ? parsed(name, row.document) : policyDefaults(name)) as InboxPolicies[N], version: row?.version ?? 0 };
}

/** An inbox's four policies: what was set, else the defaults, with the version of each. */
export async function loadInboxPolicies(db: Database, inboxId: string): Promise<InboxPolicies> {
  const rows = await db.select().from(inboxPolicies).where(eq(inboxPolicies.inboxId, inboxId));
  const each = policyNames.map((name) => [name, storedPolicy(rows, name)] as const);
  return {
    ...(Object.fromEntries(each.map(([name, policy]) => [name, policy.document])) as Omit<InboxPolicies, 'versions'>),
    versions: Object.fromEntries(each.map(([name, policy]) => [name, policy.version])) as Record<PolicyName, number>,
  };
}

/**
 * Changes one policy of an inbox in the given transaction: reads it under a row lock, so concurrent changes
 * apply one after another, each to what the last one stored, and each bumps the version by one.
 * `change` gets the current document (the defaults if never set) and returns the new one, or throws to change nothing.
 */
export async function changeInboxPolicy(
  tx: Database, key: { orgId: string; inboxId: string; name: PolicyName }, change: (current: unknown) => unknown,
): Promise<{ before: unknown; after: unknown; version: number }> {
  const where = and(eq(inboxPolicies.inboxId, key.inboxId), eq(inboxPolicies.name, key.name));
  // A policy never set has no row to lock yet: make one (version 0, the defaults) that the change replaces.
  await tx.insert(inboxPolicies).values({ ...key, document: policyDefaults(key.name), version: 0 }).onConflictDoNothing();
  const [row] = await tx.select({ document: inboxPolicies.document }).from(inboxPolicies).where(where).for('update');
  const before = parsed(key.name, row!.document);
  const after = change(before);
  const [stored] = await tx.update(inboxPolicies)
    .set({ document: after, version: sql`${inboxPolicies.version} + 1`, updatedAt: new Date() })
    .where(where).returning({ version: inboxPolicies.version });
  return { before, after, version: stored!.version };
}
