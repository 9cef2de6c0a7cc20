// The workflow bundle's entry point: every workflow the worker runs is exported here.
export { selfTestWorkflow } from './self-test/self-test-workflow.ts';
export { callWorkflow } from './call/call-workflow.ts';
export { messageWorkflow } from './messages/message-workflow.ts';
export { replyWorkflow } from './messages/reply-workflow.ts';
export { outboundCallWorkflow } from './outbound-call/outbound-call-workflow.ts';
export { autoMarkReadWorkflow } from './automation/auto-mark-read-workflow.ts';
export { notificationWorkflow } from './notifications/notification-workflow.ts';
export { emailDeliveryWorkflow } from './mail/deliver-emails.ts';
export { dailyReportWorkflow } from './reports/daily-report-workflow.ts';
