import type { Database } from '../db/database.ts';
import { createAutoReadActivities } from './auto-read.ts';
import { createCallActivities } from './calls.ts';
import { createMessageActivities } from './messages.ts';
import { createNotificationRequestActivities } from './notification-requests.ts';
import type { CarrierClient } from './carrier-client.ts';
import { createSelfTestActivities } from './self-test.ts';

export interface ActivityDeps {
  db: Database;
  carrier: CarrierClient;
}

/** Builds every activity from its dependencies, so tests pass real ones without module mocks. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSelfTestActivities(deps),
    ...createCallActivities(deps),
    ...createMessageActivities(deps),
    ...createAutoReadActivities(deps),
    ...createNotificationRequestActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
