import { apiRoutes } from './api-routes.ts';
import type { ConsoleContext } from './context.ts';

/** Names of the users the key may see (an agent: only itself). */
export async function userNames(ctx: ConsoleContext): Promise<Map<string, string>> {
  const { body } = await ctx.api<{ items: { id: string; name: string }[] }>(apiRoutes.users, { query: { limit: 200 } });
  return new Map(body.items.map((u) => [u.id, u.name]));
}
