import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { rememberCarrierCall } from '../../carriers/accounts.ts';
import { twimlFor, type TwimlUrls } from '../../carriers/twilio/twiml.ts';
import { callStatus, dialEnded, incomingCall, legStatus, recordingDone } from '../../carriers/twilio/webhook.ts';
import { recordVoicemailTranscription } from '../../db/voicemail-transcription.ts';
import { voiceEventSchema, type VoiceEvent } from '../../domain/calls/voice-events.ts';
import { callWorkflow } from '../../workflows/call/call-workflow.ts';
import { callDecisionUpdate, callWorkflowId, voiceEventSignal, type CallDecision } from '../../workflows/call/contract.ts';
import type { RouteRequest as Request } from '../http/route.ts';
import { badRequest } from '../http/problem.ts';
import { defineRoute, toFieldErrors, type RouteSpec } from '../http/route.ts';
import { deliverVoiceEvent } from '../deliver-events.ts';
import { callQuery, ownerByCall, ownerByNumber, publicBase, twiml, twilioForm, verifyTwilio, type TwilioDeps } from './twilio-request.ts';

const twimlAnswer = { description: 'TwiML: what Twilio does next with the caller', contentType: 'text/xml' };
const refused = { 403: { description: 'Bad or missing X-Twilio-Signature for this URL: nothing starts' } };

function checked(event: VoiceEvent): VoiceEvent {
  const parsed = voiceEventSchema.safeParse(event);
  if (!parsed.success) throw badRequest('The request does not carry what Switchboard needs.', toFieldErrors(parsed.error));
  return parsed.data;
}

/** The callback URLs of one call, under the public base Twilio signs. */
function urlsFor(base: string, callId: string): TwimlUrls {
  const at = (path: string, query: Record<string, string>) => `${base}/v1/carriers/twilio/${path}?${new URLSearchParams({ call: callId, ...query })}`;
  return {
    dialEnded: (seq, userIds) => at('dial', { seq: String(seq), users: userIds.join(',') }),
    legStatus: (userId) => at('leg', { user: userId }),
    recording: () => at('recording', {}),
    transcription: () => at('transcription', {}),
    next: () => at('next', {}),
  };
}

/** Twilio Programmable Voice: the workflow decides, and each answer Twilio waits for carries its decision as TwiML. */
export function twilioVoiceRoutes(deps: TwilioDeps): RouteSpec[] {
  const { temporal, taskQueue } = deps;

  // A Twilio retry of the same callback carries the same update id, so it gets the same decision.
  const decide = async (callId: string, events: VoiceEvent[], updateId: string): Promise<CallDecision> => {
    try {
      return await temporal.workflow.getHandle(callWorkflowId(callId)).executeUpdate(callDecisionUpdate, { args: [events], updateId });
    } catch (error) {
      // The call is over (or never was): nothing more to do with the caller.
      if (error instanceof WorkflowNotFoundError || error instanceof WorkflowUpdateFailedError) return { command: 'end' };
      throw error;
    }
  };
  const answer = (req: Request, callId: string, decision: CallDecision) => twiml(twimlFor(decision, urlsFor(publicBase(deps, req), callId)));
  const retryId = (req: Request, fallback: string) => req.get('i-twilio-idempotency-token') ?? fallback;

  return [
    defineRoute({
      method: 'post', path: '/v1/carriers/twilio/voice', summary: "A Twilio number's Voice URL: a new call, answered with TwiML", tags: ['carriers'], access: 'public',
      body: twilioForm, responses: { 200: twimlAnswer, ...refused },
      handler: async ({ body, req }) => {
        const orgId = await ownerByNumber(deps, body.To);
        await verifyTwilio(deps, orgId, req, body);
        const event = checked(incomingCall(body)) as Extract<VoiceEvent, { type: 'call.initiated' }>;
        await rememberCarrierCall(deps.db, { callId: event.callId, orgId, carrier: 'twilio', number: event.to });
        let decision: CallDecision;
        try {
          decision = await temporal.workflow.executeUpdateWithStart(callDecisionUpdate, {
            args: [[event]], updateId: 'initiated',
            startWorkflowOperation: new WithStartWorkflowOperation(callWorkflow, {
              workflowId: callWorkflowId(event.callId), taskQueue, args: [{ callId: event.callId }],
              workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'REJECT_DUPLICATE',
            }),
          });
        } catch (error) {
          // A retry after the call has already ended.
          if (!(error instanceof WorkflowExecutionAlreadyStartedError || error instanceof WorkflowUpdateFailedError)) throw error;
          decision = { command: 'end' };
        }
        return answer(req, event.callId, decision);
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/carriers/twilio/dial', summary: 'Twilio <Dial action>: an attempt ended; answered with the next TwiML', tags: ['carriers'], access: 'public',
      query: callQuery.extend({ seq: z.coerce.number().int().min(1), users: z.string().max(1000).default('') }), body: twilioForm,
      responses: { 200: twimlAnswer, ...refused },
      handler: async ({ query, body, req }) => {
        await verifyTwilio(deps, await ownerByCall(deps, query.call), req, body);
        const events = dialEnded(query.call, query.users.split(',').filter(Boolean), body).map(checked);
        return answer(req, query.call, await decide(query.call, events, retryId(req, `dial:${query.seq}`)));
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/carriers/twilio/recording', summary: 'Twilio <Record action>: the voicemail; answered with TwiML', tags: ['carriers'], access: 'public',
      query: callQuery, body: twilioForm, responses: { 200: twimlAnswer, ...refused },
      handler: async ({ query, body, req }) => {
        await verifyTwilio(deps, await ownerByCall(deps, query.call), req, body);
        const voicemail = recordingDone(query.call, body);
        return answer(req, query.call, await decide(query.call, voicemail ? [checked(voicemail)] : [], retryId(req, 'recording')));
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/carriers/twilio/next', summary: 'Twilio <Redirect>: asks again for a decision not made yet', tags: ['carriers'], access: 'public',
      query: callQuery, body: twilioForm, responses: { 200: twimlAnswer, ...refused },
      handler: async ({ query, body, req }) => {
        await verifyTwilio(deps, await ownerByCall(deps, query.call), req, body);
        return answer(req, query.call, await decide(query.call, [], retryId(req, `next:${randomUUID()}`)));
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/carriers/twilio/leg', summary: "Status callback of one agent's leg: who answered or refused", tags: ['carriers'], access: 'public',
      query: callQuery.extend({ user: z.string().min(1).max(64) }), body: twilioForm, responses: { 204: { description: 'Applied' }, ...refused },
      handler: async ({ query, body, req }) => {
        await verifyTwilio(deps, await ownerByCall(deps, query.call), req, body);
        const event = legStatus(query.call, query.user, body);
        if (event) await signal(deps, checked(event));
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/carriers/twilio/status', summary: "A Twilio number's call status callback: the caller's call ended", tags: ['carriers'], access: 'public',
      body: twilioForm, responses: { 204: { description: 'Applied' }, ...refused },
      handler: async ({ body, req }) => {
        await verifyTwilio(deps, await ownerByNumber(deps, body.To), req, body);
        const event = callStatus(body);
        if (event) await deliverVoiceEvent(deps, checked(event));
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/carriers/twilio/transcription', summary: "Twilio's transcription of a voicemail, added to it", tags: ['carriers'], access: 'public',
      query: callQuery, body: twilioForm, responses: { 204: { description: 'Applied' }, ...refused },
      handler: async ({ query, body, req }) => {
        const orgId = await ownerByCall(deps, query.call);
        await verifyTwilio(deps, orgId, req, body);
        if (body.TranscriptionStatus === 'completed' && typeof body.TranscriptionText === 'string') {
          await recordVoicemailTranscription(deps.db, orgId, query.call, body.TranscriptionText);
        }
        return { status: 204 };
      },
    }),
  ];
}

/** A callback Twilio does not wait on: the event goes to the running call as a signal. */
async function signal(deps: TwilioDeps, event: VoiceEvent): Promise<void> {
  await deps.temporal.workflow.getHandle(callWorkflowId(event.callId)).signal(voiceEventSignal, event).catch((error: unknown) => {
    // The call is over: a late leg status has nothing left to change.
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  });
}
