// How the rest of Switchboard starts, signals and queries a call workflow (the workflow is in ./call-workflow.ts).
export { callStateQuery, voiceEventSignal, type CallState } from './state.ts';
export { callDecisionUpdate } from './decisions.ts';
export type { CallDecision } from '../../domain/carriers.ts';

export interface CallInput {
  /** The carrier's call id. */
  callId: string;
}

/** The workflow id of a carrier call: derived, so retries and every later event find the same workflow. */
export const callWorkflowId = (carrierCallId: string) => `call-${carrierCallId}`;
