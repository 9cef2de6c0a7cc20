import type { Request, Response } from 'express';
import type { OrgCaller } from '../http/auth.ts';
import { apiRoutes, type ApiAnswer, type ApiInput, type ConsoleApi, type RouteRef } from './api-routes.ts';
import type { Session, SessionCookies } from './session.ts';

/** The signed-in person a console page serves, with the API as that person's key may use it. */
export interface ConsoleContext {
  caller: OrgCaller;
  session: Session;
  /** The token every form of this session carries. */
  csrf: string;
  /** The signed-in user's name, or what the key is when it names no user. */
  who: string;
  api<T>(route: RouteRef, input?: ApiInput): Promise<ApiAnswer<T>>;
  allows(route: RouteRef): boolean;
}

/** The session's context, or undefined when there is no session or its key no longer works. */
export async function consoleContext(req: Request, deps: { api: ConsoleApi; cookies: SessionCookies }): Promise<ConsoleContext | undefined> {
  const session = deps.cookies.read(req);
  const caller = session && (await deps.api.callerOf(session.key));
  if (!session || !caller) return undefined;
  const api = <T>(route: RouteRef, input: ApiInput = {}) => deps.api.call<T>(caller, route, input, req.log);
  const who = caller.userId
    ? (await api<{ name: string }>(apiRoutes.user, { params: { id: caller.userId } }).catch(() => undefined))?.body.name ?? 'a user'
    : 'Organization key';
  return { caller, session, csrf: deps.cookies.csrfToken(session), who, api, allows: (route) => deps.api.allows(caller, route) };
}

export const contextOf = (res: Response) => res.locals.console as ConsoleContext;
