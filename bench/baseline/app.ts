import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import express, { type Express } from 'express';
import { SIGNATURE_HEADER, signatureProblem } from '../../carriers/native/signature.ts';
import { baselineCall, baselineVoiceEvent, type BaselineVoiceEvent } from './workflow.ts';

export interface BaselineAppDeps {
  temporal: Client;
  taskQueue: string;
  webhookSecret: string;
}

/**
 * The baseline API: one handler. It checks the native webhook signature exactly as Switchboard does, hands the
 * event to the call's workflow (signal-with-start, as Switchboard does, since any event may come first) and
 * answers 202. No database, no validation beyond what it needs to name the workflow.
 */
export function createBaselineApp(deps: BaselineAppDeps): Express {
  const app = express();
  app.post('/v1/webhooks/voice', express.raw({ type: 'application/json', limit: '100kb' }), async (req, res) => {
    const raw = req.body as Buffer;
    const problem = signatureProblem(deps.webhookSecret, req.header(SIGNATURE_HEADER), raw);
    if (problem) return void res.status(401).json({ title: problem });
    const event = JSON.parse(raw.toString()) as Partial<BaselineVoiceEvent>;
    if (typeof event.callId !== 'string' || typeof event.type !== 'string') return void res.status(400).json({ title: 'callId and type are required' });
    const workflowId = `baseline-call-${event.callId}`;
    try {
      await deps.temporal.workflow.signalWithStart(baselineCall, {
        workflowId, taskQueue: deps.taskQueue, args: [{ callId: event.callId }], workflowIdReusePolicy: 'REJECT_DUPLICATE',
        signal: baselineVoiceEvent, signalArgs: [{ type: event.type, callId: event.callId }],
      });
    } catch (error) {
      // A late event for a call that has ended: nothing left to change, as in Switchboard.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    res.status(202).json({ workflowId });
  });
  return app;
}
