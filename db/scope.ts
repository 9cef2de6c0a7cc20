import type { Role } from '../domain/roles.ts';

/** Who is asking, as plain data: lookups answer only what this caller may see. */
export interface Scope {
  orgId: string;
  role: Role;
  /** The user an API key acts for, if any. */
  userId: string | null;
}

/** Agents see only the inboxes they are a member of and only themselves; supervisors and admins see the whole organization. */
export const seesWholeOrg = (scope: Scope) => scope.role !== 'agent';
