import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { createLinks } from '../../activities/mail/compose.ts';
import { loadMailTemplates } from '../../activities/mail/templates.ts';
import type { Database } from '../../db/database.ts';
import type { KeyLookup } from '../http/auth.ts';
import { HttpProblem } from '../http/problem.ts';
import type { RouteSpec } from '../http/route.ts';
import { createConsoleApi } from './api-routes.ts';
import { assetRoutes } from './assets.ts';
import { consoleContext, contextOf } from './context.ts';
import { auditRoutes } from './pages/audit.ts';
import { callRoutes } from './pages/calls.ts';
import { conversationRoutes } from './pages/conversation.ts';
import { errorPage } from './pages/errors.ts';
import { feedRoutes } from './pages/feed.ts';
import { inboxListRoutes } from './pages/inboxes.ts';
import { policyRoutesFor } from './pages/policies.ts';
import { reportRoutes } from './pages/report.ts';
import { signInRoutes } from './pages/sign-in.ts';
import { sessionCookies } from './session.ts';

interface ConsoleDeps {
  db: Database;
  /** Every API route: the console runs them in process for the signed-in key. */
  routes: RouteSpec[];
  lookupKey: KeyLookup;
  logger: Logger;
  /** PUBLIC_BASE_URL: https there makes the session cookie Secure; email links start there. */
  publicBaseUrl?: string;
  /** Turns errors from outside our code (database down, body parser) into the problem a client should see. */
  fromForeignError(error: unknown): HttpProblem | undefined;
}

/** The web console at /console: server-rendered pages over the API's own routes, htmx for the live parts. */
export function consoleRouter(deps: ConsoleDeps): Router {
  const router = express.Router();
  const secure = deps.publicBaseUrl?.startsWith('https:') ?? false;
  const api = createConsoleApi({ routes: deps.routes, lookupKey: deps.lookupKey });
  const cookies = sessionCookies({ secure });

  // The API's policy suits JSON; pages load their own scripts and styles, the SSE stream, and inline the report
  // email's styles and chart. No upgrade-insecure-requests on http, where it would break every asset.
  router.use(helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"], scriptSrc: ["'self'"], scriptSrcAttr: ["'none'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'self'"], objectSrc: ["'none'"],
      ...(secure ? { upgradeInsecureRequests: [] } : {}),
    },
  }));
  router.use((_req, res, next) => {
    res.set({ 'Cache-Control': 'no-store', 'X-Frame-Options': 'DENY' });
    res.type('html');
    next();
  });
  assetRoutes(router);
  router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 500 }));
  // A request another site started (a form it posts, a link it follows into an action) is refused outright.
  router.use((req, _res, next) => next(req.method !== 'GET' && req.get('sec-fetch-site') === 'cross-site' ? new HttpProblem(403, 'Forbidden', 'Requests from other sites are not accepted.') : undefined));
  router.get('/', (req, res) => res.redirect(303, cookies.read(req) ? '/console/inboxes' : '/console/sign-in'));
  signInRoutes(router, { api, cookies });

  const requireSession: RequestHandler = async (req, res, next) => {
    const ctx = await consoleContext(req, { api, cookies });
    if (!ctx) {
      if (cookies.read(req)) cookies.end(res);
      const back = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      return res.redirect(303, `/console/sign-in${back}`);
    }
    res.locals.console = ctx;
    // Every form of a session carries its token; SameSite=Strict already keeps the cookie off other sites' posts.
    if (req.method === 'POST' && !cookies.checkCsrf(ctx.session, req.body?._csrf)) {
      return next(new HttpProblem(403, 'Forbidden', 'This form has expired or did not come from the console. Reload the page and try again.'));
    }
    next();
  };
  router.use(requireSession);
  router.post('/sign-out', (_req, res) => {
    cookies.end(res);
    res.redirect(303, '/console/sign-in');
  });
  inboxListRoutes(router);
  feedRoutes(router);
  conversationRoutes(router, { db: deps.db });
  callRoutes(router, { api });
  policyRoutesFor(router);
  reportRoutes(router, { templates: loadMailTemplates(), links: createLinks(deps.publicBaseUrl ?? '') });
  auditRoutes(router);

  router.use((req, res) => res.status(404).send(errorPage(404, `There is no console page at ${req.path}.`, res.locals.console).text));
  router.use(consoleErrors(deps));
  return router;
}

/** Errors as pages: a key that stopped working signs out; refusals and bad input say why; the rest reveals nothing. */
function consoleErrors(deps: ConsoleDeps): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) return res.end();
    const ctx = res.locals.console ? contextOf(res) : undefined;
    const problem = error instanceof HttpProblem ? error : deps.fromForeignError(error);
    if (problem?.status === 401) return res.redirect(303, '/console/sign-in');
    if (problem) {
      if (problem.headers) res.set(problem.headers);
      return res.status(problem.status).type('html').send(errorPage(problem.status, problem.message, ctx, problem.errors).text);
    }
    (req.log ?? deps.logger).error({ err: error }, 'console: unhandled error');
    res.status(500).type('html').send(errorPage(500, `Something went wrong on our side. Request id: ${String(req.id ?? '')}.`, ctx).text);
  };
}
