import { TIMED_OUT, withinDeadline } from '../concurrency.js';
import type { WebRoute } from './routes.js';

/** What /readyz asks; each check gives the reason the bot is not ready, or undefined when its part is. */
export interface ReadinessChecks {
  /** A cheap read of the store (on PostgreSQL: the migrations it has not applied). */
  store: () => Promise<string | undefined>;
  /** Whether the bot is stopping (it answers Slack "restarting" until it exits): a balancer sends its work elsewhere. */
  stopping?: () => boolean;
  /** Socket Mode only: whether the connection to Slack is open. */
  slackConnected?: () => boolean;
  /** How long the store may take to answer. */
  timeoutMs: number;
}

/** Undefined when the bot can take work; otherwise one plain line saying why not. */
export async function notReadyBecause(checks: ReadinessChecks): Promise<string | undefined> {
  if (checks.stopping?.()) return 'stopping';
  if (checks.slackConnected && !checks.slackConnected()) return 'not connected to Slack (Socket Mode)';
  const answer = await withinDeadline(
    checks.store().catch((error: unknown) => `the store does not answer: ${firstLine(error)}`),
    checks.timeoutMs,
  );
  if (answer === TIMED_OUT) return `the store did not answer within ${checks.timeoutMs} ms`;
  return answer;
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];

/** Readiness for load balancers and compose: 200 `ready`, or 503 with the reason. /healthz stays liveness only. */
export function readyRoute(checks: ReadinessChecks): WebRoute {
  return {
    path: '/readyz',
    method: 'GET',
    handler: async (_req, res) => {
      const reason = await notReadyBecause(checks);
      res.writeHead(reason ? 503 : 200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(reason ? `not ready: ${reason}\n` : 'ready\n');
    },
  };
}
