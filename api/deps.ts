import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { CarrierSettings } from '../carriers/settings.ts';
import type { Database } from '../db/database.ts';
import type { RateLimits } from './http/rate-limits.ts';
import type { WorkflowOutbox } from '../workflows/client/workflow-outbox.ts';

/** Everything the API needs, created at start-up and passed down: no module singletons. */
export interface ApiDeps {
  db: Database;
  pingDatabase(): Promise<void>;
  temporal: Client;
  pingTemporal(): Promise<void>;
  taskQueue: string;
  /** Tells inboxes' running workflows of stored changes, once Temporal can be reached. */
  outbox: WorkflowOutbox;
  metrics: Registry;
  logger: Logger;
  platformAdminKey: string;
  carrierWebhookSecret: string;
  /** MAIL_FROM: its domain names the Message-IDs of emails the API plans (report re-sends). */
  mailFrom: string;
  version: string;
  /** PUBLIC_BASE_URL, when set: the console's cookie is Secure under https. */
  publicBaseUrl?: string;
  rateLimits: RateLimits;
  /** How Twilio and Telnyx reach us and are verified (docs/carriers.md). */
  carriers: CarrierSettings;
}
