import type { Database } from '../db/database.ts';
import { createAutoReadActivities } from './auto-read.ts';
import { createCallActivities } from './calls.ts';
import type { CarrierClient } from './carrier-client.ts';
import { createEmailDeliveryActivities } from './email-deliveries.ts';
import type { Links } from './mail/compose.ts';
import type { MailTemplates } from './mail/templates.ts';
import type { MailTransport } from './mail/transport.ts';
import { createMessageActivities } from './messages.ts';
import { createNotificationRequestActivities } from './notification-requests.ts';
import { createOutboundCallActivities } from './outbound-calls.ts';
import { createReportActivities } from './reports.ts';
import { createSelfTestActivities } from './self-test.ts';

export interface ActivityDeps {
  db: Database;
  carrier: CarrierClient;
  /** A notification's mailing is a workflow of its own; the worker builds its starter (activities do not import workflows). */
  startNotificationWorkflow(notificationId: string): Promise<void>;
  mail: { transport: MailTransport; templates: MailTemplates; from: string; links: Links };
}

/** Builds every activity from its dependencies, so tests pass real ones without module mocks. */
export function createActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    ...createSelfTestActivities(deps),
    ...createCallActivities(deps),
    ...createMessageActivities(deps),
    ...createOutboundCallActivities(deps),
    ...createAutoReadActivities(deps),
    ...createNotificationRequestActivities({ db, startNotificationWorkflow: deps.startNotificationWorkflow, from: deps.mail.from }),
    ...createReportActivities({ db, from: deps.mail.from }),
    ...createEmailDeliveryActivities({ db, ...deps.mail }),
  };
}

