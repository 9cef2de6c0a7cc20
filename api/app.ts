import express, { type Express } from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import { pinoHttp } from 'pino-http';
import { apiKeyRoutes } from './api-keys/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { clickToCallRoutes } from './calls/click-to-call.ts';
import { callRoutes } from './calls/routes.ts';
import { contactRoutes } from './contacts/routes.ts';
import { conversationHistoryRoutes } from './conversations/history.ts';
import { conversationRoutes } from './conversations/routes.ts';
import { feedRoutes } from './feed/routes.ts';
import { messagingWebhookRoutes } from './webhooks/messaging.ts';
import { voiceWebhookRoutes } from './webhooks/voice.ts';
import { carrierAccountRoutes } from './carriers/accounts.ts';
import { telnyxWebhookRoutes } from './carriers/telnyx.ts';
import { twilioMessagingRoutes } from './carriers/twilio-messaging.ts';
import { twilioVoiceRoutes } from './carriers/twilio-voice.ts';
import type { ApiDeps } from './deps.ts';
import { healthRoutes } from './health/routes.ts';
import { consoleRouter } from './console/router.ts';
import { createAuthenticator, createKeyLookup } from './http/auth.ts';
import { httpMetrics } from './http/metrics.ts';
import { buildOpenApiDocument } from './http/openapi.ts';
import { problemFromForeignError } from './http/foreign-errors.ts';
import { errorHandler, notFoundHandler } from './http/problem.ts';
import { rateLimiters } from './http/rate-limits.ts';
import { mountRoutes, type RouteSpec } from './http/route.ts';
import { memberRoutes } from './inboxes/members.ts';
import { messageRoutes } from './messages/routes.ts';
import { numberRoutes } from './inboxes/numbers.ts';
import { inboxRoutes } from './inboxes/routes.ts';
import { orgRoutes } from './orgs/routes.ts';
import { policyRoutes } from './policies/routes.ts';
import { peopleReportRoutes } from './reports/people.ts';
import { reportRoutes } from './reports/routes.ts';
import { selfTestRoutes } from './self-tests/routes.ts';
import { teamRoutes } from './teams/routes.ts';
import { userRoutes } from './users/routes.ts';

const REQUEST_ID = /^[\w.-]{1,100}$/;

/** Builds the Express app; serving it is another module's job, so tests import this one. */
export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');
  app.use(helmet());
  app.use(pinoHttp({
    logger: deps.logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug'),
  }));
  app.use(httpMetrics(deps.metrics));
  for (const limiter of rateLimiters(deps.rateLimits)) app.use(limiter);
  // Webhook signatures are computed over the exact bytes received, so keep them beside the parsed body.
  app.use(express.json({ limit: '256kb', type: ['application/json', 'application/*+json'], verify: (req, _res, raw) => void ((req as { rawBody?: Buffer }).rawBody = raw) }));
  // Twilio posts forms; its signature covers the parsed parameters.
  app.use('/v1/carriers/twilio', express.urlencoded({ extended: false, limit: '64kb' }));

  let document: unknown;
  const routes: RouteSpec[] = [
    ...healthRoutes(deps, () => (document ??= buildOpenApiDocument(routes, deps.version))),
    ...orgRoutes(deps),
    ...apiKeyRoutes(deps),
    ...userRoutes(deps),
    ...teamRoutes(deps),
    ...inboxRoutes(deps),
    ...numberRoutes(deps),
    ...memberRoutes(deps),
    ...policyRoutes(deps),
    ...auditRoutes(deps),
    ...voiceWebhookRoutes(deps),
    ...callRoutes(deps),
    ...clickToCallRoutes(deps),
    ...messagingWebhookRoutes(deps),
    ...carrierAccountRoutes(deps),
    ...telnyxWebhookRoutes(deps),
    ...twilioVoiceRoutes(deps),
    ...twilioMessagingRoutes(deps),
    ...feedRoutes(deps),
    ...conversationRoutes(deps),
    ...conversationHistoryRoutes(deps),
    ...contactRoutes(deps),
    ...messageRoutes(deps),
    ...reportRoutes(deps),
    ...peopleReportRoutes(deps),
    ...selfTestRoutes(deps),
  ];
  mountRoutes(app, routes, createAuthenticator({ db: deps.db, platformAdminKey: deps.platformAdminKey, carrierWebhookSecret: deps.carrierWebhookSecret }));
  // HTML pages over the same routes, so they are not in /openapi.json (docs/api.md, "Console").
  app.use('/console', consoleRouter({
    db: deps.db, routes, lookupKey: createKeyLookup(deps), logger: deps.logger, publicBaseUrl: deps.publicBaseUrl, fromForeignError: problemFromForeignError,
  }));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger, problemFromForeignError));
  return app;
}
