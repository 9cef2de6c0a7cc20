import { z } from 'zod';
import { accountFor, findCarrierCall, numberServedBy, rememberCarrierCall } from '../../carriers/accounts.ts';
import type { CarrierSettings } from '../../carriers/settings.ts';
import { TELNYX_SIGNATURE_HEADER, TELNYX_TIMESTAMP_HEADER, telnyxSignatureProblem } from '../../carriers/telnyx/signature.ts';
import { fromTelnyx, telnyxWebhookSchema, type TelnyxInbound } from '../../carriers/telnyx/webhook.ts';
import { voiceEventSchema } from '../../domain/calls/voice-events.ts';
import { messageEventSchema } from '../../domain/messages/message-events.ts';
import type { ApiDeps } from '../deps.ts';
import type { RouteRequest as Request } from '../http/route.ts';
import { badRequest, notFound, unauthorized } from '../http/problem.ts';
import { defineRoute, toFieldErrors, type RouteSpec } from '../http/route.ts';
import { deliverMessageEvent, deliverVoiceEvent } from '../deliver-events.ts';

/** The organization a Telnyx event belongs to: by the call it is part of, else by the Telnyx number it names. */
async function ownerOf(deps: ApiDeps, inbound: TelnyxInbound): Promise<string | undefined> {
  const call = inbound.kind === 'voice' ? await findCarrierCall(deps.db, inbound.event.callId) : undefined;
  if (call) return call.orgId;
  for (const number of inbound.numbers) {
    const line = await numberServedBy(deps.db, number, 'telnyx');
    if (line) return line.orgId;
  }
  return undefined;
}

/** POST /v1/carriers/telnyx: Call Control and Messaging webhooks, Ed25519-signed, acknowledged at once. */
export function telnyxWebhookRoutes(deps: ApiDeps & { carriers: CarrierSettings }): RouteSpec[] {
  return [
    defineRoute({
      method: 'post', path: '/v1/carriers/telnyx', summary: 'A Telnyx Call Control or Messaging webhook (Ed25519-signed)', tags: ['carriers'], access: 'public',
      body: telnyxWebhookSchema,
      responses: {
        200: { description: 'Accepted: handed to the call or message workflow, or nothing to act on', schema: z.object({ workflowId: z.string().nullable() }) },
        401: { description: 'Bad, missing or stale signature: nothing starts' },
        404: { description: 'Neither the call nor any number it names is served by Telnyx here' },
      },
      handler: async ({ body, req }) => {
        const inbound = fromTelnyx(body);
        const orgId = await ownerOf(deps, inbound);
        if (!orgId) throw notFound('A Telnyx number or call for this event');
        await verify(deps, orgId, req);
        if (inbound.kind === 'ignored') return { status: 200, body: { workflowId: null } };
        if (inbound.kind === 'message') {
          const event = checked(messageEventSchema, inbound.event);
          return { status: 200, body: { workflowId: await deliverMessageEvent(deps, event) } };
        }
        const event = checked(voiceEventSchema, inbound.event);
        if (event.type === 'call.initiated' && inbound.callerLeg) {
          await rememberCarrierCall(deps.db, {
            callId: event.callId, orgId, carrier: 'telnyx', number: event.to, callerLeg: inbound.callerLeg.controlId, connectionId: inbound.callerLeg.connectionId ?? null,
          });
        }
        return { status: 200, body: { workflowId: await deliverVoiceEvent(deps, event) } };
      },
    }),
  ];
}

async function verify(deps: ApiDeps & { carriers: CarrierSettings }, orgId: string, req: Request): Promise<void> {
  const account = await accountFor(deps.db, deps.carriers, orgId, 'telnyx');
  if (!account) throw unauthorized('No Telnyx account is set for the number this event names.');
  const rawBody = req.rawBody ?? Buffer.alloc(0);
  const problem = telnyxSignatureProblem(account.publicKey, req.get(TELNYX_SIGNATURE_HEADER), req.get(TELNYX_TIMESTAMP_HEADER), rawBody);
  if (problem) throw unauthorized(problem);
}

/** Our event, as our own webhooks would have to carry it. */
function checked<S extends z.ZodType>(schema: S, event: unknown): z.output<S> {
  const parsed = schema.safeParse(event);
  if (!parsed.success) throw badRequest('The event does not carry what Switchboard needs.', toFieldErrors(parsed.error));
  return parsed.data;
}
