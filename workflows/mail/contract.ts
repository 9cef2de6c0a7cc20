// How the API starts an email delivery workflow (./deliver-emails.ts): an on-demand report re-send.

export interface EmailDeliveryInput {
  /** Keys of emails already recorded in email_deliveries. */
  keys: string[];
}

/** One per re-send request, so a retried request (same Idempotency-Key) finds the first one's emails. */
export const reportSendWorkflowId = (sendId: string) => `report-send-${sendId}`;
