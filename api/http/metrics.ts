import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'switchboard_' });
  return registry;
}

/** Request durations by route pattern (never the raw path: ids would explode the label set). */
export function httpMetrics(registry: Registry): RequestHandler {
  const duration = new Histogram({
    name: 'switchboard_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return (req, res, next) => {
    const end = duration.startTimer({ method: req.method });
    // baseUrl: the console's pages sit in a router mounted at /console.
    res.on('finish', () => end({ route: req.route ? `${req.baseUrl}${req.route.path as string}` : 'unmatched', status: String(res.statusCode) }));
    next();
  };
}
