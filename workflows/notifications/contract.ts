// How the notification-request activity starts the notification workflow (./notification-workflow.ts).

export interface NotificationInput {
  /** The notification request's id: its kind and subject, e.g. `missed_call:CA123`. */
  notificationId: string;
}

export interface NotificationOutcome {
  sent: number;
  failed: number;
}

/** Under the request's id, so a repeated request finds its mailing already there. */
export const notificationWorkflowId = (notificationId: string) => `notification-${notificationId}`;
