import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BotMetrics } from '../metrics/bot-metrics.js';
import { type ReadinessChecks, readyRoute } from './readiness.js';

/** A page the bot serves on PORT beside Slack's endpoints, in both Slack modes (the shape Bolt's customRoutes take). */
export interface WebRoute {
  path: string;
  method: 'GET' | 'POST' | ('GET' | 'POST')[];
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
}

export const healthRoute: WebRoute = {
  path: '/healthz',
  method: 'GET',
  handler: (_req, res) => {
    res.writeHead(200);
    res.end('ok');
  },
};

/** Prometheus' text format, from the bot's own registry. */
export function metricsRoute(metrics: BotMetrics): WebRoute {
  return {
    path: '/metrics',
    method: 'GET',
    handler: async (_req, res) => {
      try {
        const { contentType, body } = await metrics.scrape();
        res.writeHead(200, { 'Content-Type': contentType });
        res.end(body);
      } catch (error) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`metrics unavailable: ${(error as Error).message}`);
      }
    },
  };
}

/** Browsers ask for it on every page; answered (no content) so it is not logged as a request nobody handles. */
export const faviconRoute: WebRoute = {
  path: '/favicon.ico',
  method: 'GET',
  handler: (_req, res) => {
    res.writeHead(204, { 'Cache-Control': 'public, max-age=86400' });
    res.end();
  },
};

/** Every page the bot serves; add new ones here. */
export const webRoutes = (metrics: BotMetrics, readiness: ReadinessChecks): WebRoute[] => [
  healthRoute,
  readyRoute(readiness),
  metricsRoute(metrics),
  faviconRoute,
];
