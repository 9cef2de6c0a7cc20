import type { Database } from '../db/database.ts';
import { createSelfTestActivities } from './self-test.ts';

export interface ActivityDeps {
  db: Database;
}

/** Builds every activity from its dependencies, so tests pass real ones without module mocks. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSelfTestActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
