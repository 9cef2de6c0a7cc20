import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createCallActivities } from '../../activities/calls.ts';
import type { createOutboundCallActivities } from '../../activities/outbound-calls.ts';
import { callCarrierCommands, callDatabaseSteps } from '../activity-options.ts';

type Activities = ReturnType<typeof createOutboundCallActivities> & Pick<ReturnType<typeof createCallActivities>, 'recordCallProgress' | 'sendCallCommand'>;

// The same options as an inbound call's: short database steps in the worker, carrier commands retried with backoff.
export const databaseSteps = proxyLocalActivities<Pick<Activities, 'recordOutboundCall' | 'recordCallProgress'>>(callDatabaseSteps);
// Placing and hanging up an outbound call is retried for a minute, then the call fails and says why.
const OUTBOUND_COMMAND_WINDOW_MS = 60_000;
export const carrierCommands = proxyActivities<Pick<Activities, 'placeOutboundCall' | 'sendCallCommand'>>(callCarrierCommands(OUTBOUND_COMMAND_WINDOW_MS));
