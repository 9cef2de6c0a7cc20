import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';

export function createSelfTestActivities(deps: { db: Database }) {
  return {
    async checkDatabase(): Promise<{ roundTripMs: number }> {
      const started = performance.now();
      await deps.db.execute(sql`select 1`);
      return { roundTripMs: Math.round((performance.now() - started) * 1000) / 1000 };
    },
  };
}
