import type { Logger } from 'pino';
import { policyNames, type PolicyName } from '../../domain/policies/index.ts';
import { admit, type KeyLookup, type OrgCaller } from '../http/auth.ts';
import { runRoute, type RouteSpec } from '../http/route.ts';

/** An API route by method and path, as the API declares it. */
export interface RouteRef {
  method: RouteSpec['method'];
  path: string;
}

const ref = (method: RouteRef['method'], path: string): RouteRef => ({ method, path });

/** The API routes the console calls. Checked when the console is built, so a renamed route fails at start, not on a page. */
export const apiRoutes = {
  user: ref('get', '/v1/users/:id'),
  users: ref('get', '/v1/users'),
  inboxes: ref('get', '/v1/inboxes'),
  inbox: ref('get', '/v1/inboxes/:id'),
  unreadCount: ref('get', '/v1/inboxes/:id/unread-count'),
  feed: ref('get', '/v1/inboxes/:id/feed'),
  markConversationRead: ref('post', '/v1/conversations/:id/read'),
  reply: ref('post', '/v1/conversations/:id/messages'),
  markRead: ref('post', '/v1/communications/:id/read'),
  markUnread: ref('post', '/v1/communications/:id/unread'),
  calls: ref('get', '/v1/calls'),
  call: ref('get', '/v1/calls/:callId'),
  dailyReport: ref('get', '/v1/inboxes/:id/reports/daily'),
  auditLog: ref('get', '/v1/audit-log'),
};

export const policyRoutes = (name: PolicyName) => ({
  read: ref('get', `/v1/inboxes/:id/policies/${name}`),
  change: ref('patch', `/v1/inboxes/:id/policies/${name}`),
});

export interface ApiInput {
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/**
 * Runs API routes in process for the console, with the signed-in key's caller: the same role check, input
 * validation, resource lookup and handler as an HTTP request to the API, so the console has no rules of its
 * own. A refusal or bad input is thrown as the API's HttpProblem (with its field errors).
 */
export function createConsoleApi(deps: { routes: RouteSpec[]; lookupKey: KeyLookup }) {
  const byRef = new Map(deps.routes.map((route) => [`${route.method} ${route.path}`, route]));
  const wanted = [...Object.values(apiRoutes), ...policyNames.flatMap((name) => Object.values(policyRoutes(name)))];
  const missing = wanted.filter((r) => !byRef.has(`${r.method} ${r.path}`));
  if (missing.length) throw new Error(`the console calls API routes that do not exist: ${missing.map((r) => `${r.method} ${r.path}`).join(', ')}`);
  const routeOf = (r: RouteRef) => byRef.get(`${r.method} ${r.path}`)!;

  return {
    /** The organization caller a key belongs to; undefined for an unknown, revoked or platform key. */
    async callerOf(key: string): Promise<OrgCaller | undefined> {
      const caller = await deps.lookupKey(key);
      return caller?.kind === 'org' ? caller : undefined;
    },

    /** Whether the caller's role may call the route (it may still not see a given resource). */
    allows(caller: OrgCaller, r: RouteRef): boolean {
      try {
        admit(caller, routeOf(r).access as OrgCaller['role']);
        return true;
      } catch {
        return false;
      }
    },

    async call<T>(caller: OrgCaller, r: RouteRef, input: ApiInput, log: Logger): Promise<ApiAnswer<T>> {
      const route = routeOf(r);
      admit(caller, route.access as OrgCaller['role']);
      const headers = Object.fromEntries(Object.entries(input.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
      const query = Object.fromEntries(Object.entries(input.query ?? {}).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));
      const result = await runRoute(route, caller, {
        params: input.params ?? {}, query, body: input.body, log, get: (name) => headers[name.toLowerCase()],
      });
      return { status: result.status, body: result.body as T };
    },
  };
}

export type ConsoleApi = ReturnType<typeof createConsoleApi>;
