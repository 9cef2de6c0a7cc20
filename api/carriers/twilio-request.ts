import { z } from 'zod';
import { accountFor, findCarrierCall, numberServedBy } from '../../carriers/accounts.ts';
import type { CarrierSettings } from '../../carriers/settings.ts';
import { TWILIO_SIGNATURE_HEADER, twilioSignatureProblem, type FormParams } from '../../carriers/twilio/signature.ts';
import type { ApiDeps } from '../deps.ts';
import { forbidden, notFound } from '../http/problem.ts';
import type { RouteRequest as Request } from '../http/route.ts';

export type TwilioDeps = ApiDeps & { carriers: CarrierSettings };

/** Twilio's form-encoded parameters, as Express reads them. */
export const twilioForm = z.record(z.string(), z.union([z.string(), z.array(z.string())])).meta({ id: 'TwilioWebhookForm' });
export const callQuery = z.object({ call: z.string().min(1).max(64) });

export const twiml = (xml: string) => ({ status: 200, contentType: 'text/xml', body: xml });

/** The public base URL Twilio calls (and signs): configured, since proxies change what this server sees. */
export function publicBase(deps: TwilioDeps, req: Request): string {
  return (deps.carriers.publicBaseUrl ?? `${req.protocol}://${req.get('host')}`).replace(/\/$/, '');
}

/** The organization owning a Twilio number or call, by which the request is then verified. */
export async function ownerByNumber(deps: TwilioDeps, e164: unknown): Promise<string> {
  const line = typeof e164 === 'string' ? await numberServedBy(deps.db, e164, 'twilio') : undefined;
  if (!line) throw notFound('A Twilio number for this request');
  return line.orgId;
}

export async function ownerByCall(deps: TwilioDeps, callId: string): Promise<string> {
  const call = await findCarrierCall(deps.db, callId);
  if (!call || call.carrier !== 'twilio') throw notFound(`The Twilio call ${callId}`);
  return call.orgId;
}

/** Refuses (403) a request that the organization's Twilio account did not sign for exactly this public URL. */
export async function verifyTwilio(deps: TwilioDeps, orgId: string, req: Request, params: FormParams): Promise<void> {
  const account = await accountFor(deps.db, deps.carriers, orgId, 'twilio');
  if (!account) throw forbidden('No Twilio account is set for this number.');
  const problem = twilioSignatureProblem(account.authToken, req.get(TWILIO_SIGNATURE_HEADER), `${publicBase(deps, req)}${req.originalUrl ?? ''}`, params);
  if (problem) throw forbidden(problem);
  if (params.AccountSid !== undefined && params.AccountSid !== account.accountSid) throw forbidden('The request is for another Twilio account.');
}
