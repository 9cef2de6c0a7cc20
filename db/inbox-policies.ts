import { eq } from 'drizzle-orm';
import type { Database } from './database.ts';
import { inboxPolicies } from './schema/index.ts';
import type { AutomationPolicy } from '../domain/policies/automation.ts';
import { policyDefaults, policyNames, type PolicyName } from '../domain/policies/index.ts';
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

/** An inbox's four policies: what was set, else the defaults, with the version of each. */
export async function loadInboxPolicies(db: Database, inboxId: string): Promise<InboxPolicies> {
  const rows = await db.select().from(inboxPolicies).where(eq(inboxPolicies.inboxId, inboxId));
  const pick = (name: PolicyName) => rows.find((row) => row.name === name);
  return {
    ...(Object.fromEntries(policyNames.map((name) => [name, pick(name)?.document ?? policyDefaults(name)])) as Omit<InboxPolicies, 'versions'>),
    versions: Object.fromEntries(policyNames.map((name) => [name, pick(name)?.version ?? 0])) as Record<PolicyName, number>,
  };
}
