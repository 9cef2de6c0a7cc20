export const roles = ['admin', 'supervisor', 'agent'] as const;
export type Role = (typeof roles)[number];

const rank: Record<Role, number> = { admin: 3, supervisor: 2, agent: 1 };

/** Each role includes the ones after it: admin > supervisor > agent. */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return rank[role] >= rank[minimum];
}
