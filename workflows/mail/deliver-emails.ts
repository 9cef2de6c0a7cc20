import { proxyActivities } from '@temporalio/workflow';
import type { createEmailDeliveryActivities, DeliveryOutcome } from '../../activities/email-deliveries.ts';
import { emailSending } from '../activity-options.ts';
import type { EmailDeliveryInput } from './contract.ts';

// Sending talks to SMTP, which may be down for hours: an ordinary activity (see emailSending for its retries).
const { deliverEmail } = proxyActivities<ReturnType<typeof createEmailDeliveryActivities>>(emailSending);

/** Sends every recorded email, in parallel; each is sent at most once however often this runs. */
export async function deliverEmails(keys: string[]): Promise<Record<DeliveryOutcome, number>> {
  const outcomes = await Promise.all(keys.map((key) => deliverEmail({ key })));
  return { sent: outcomes.filter((o) => o === 'sent').length, failed: outcomes.filter((o) => o === 'failed').length };
}

/** Delivers emails already recorded (an on-demand report re-send). */
export async function emailDeliveryWorkflow(input: EmailDeliveryInput): Promise<Record<DeliveryOutcome, number>> {
  return deliverEmails(input.keys);
}
