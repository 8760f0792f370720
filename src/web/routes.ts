import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BotMetrics } from '../metrics/bot-metrics.js';
import { FAVICON_ICO } from './favicon.js';
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

/** The onboarding page's icon (browsers ask for it on every page), cached for a week. */
export const faviconRoute: WebRoute = {
  path: '/favicon.ico',
  method: 'GET',
  handler: (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'image/x-icon', 'Content-Length': FAVICON_ICO.length, 'Cache-Control': 'public, max-age=604800' });
    res.end(FAVICON_ICO);
  },
};

/** Every page the bot serves; add new ones here. */
export const webRoutes = (metrics: BotMetrics, readiness: ReadinessChecks): WebRoute[] => [
  healthRoute,
  readyRoute(readiness),
  metricsRoute(metrics),
  faviconRoute,
];
