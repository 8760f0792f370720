import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { notReadyBecause, type ReadinessChecks, readyRoute } from '../../src/web/readiness.js';
import { healthRoute } from '../../src/web/routes.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** Serves one route on a free port, as Bolt's customRoutes would, and fetches it. */
async function get(route: { handler: (req: never, res: never) => unknown }): Promise<{ status: number; body: string }> {
  const server = createServer((req, res) => void route.handler(req as never, res as never));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const response = await fetch(`http://127.0.0.1:${port}/`);
  return { status: response.status, body: await response.text() };
}

const ready: ReadinessChecks = { store: async () => undefined, timeoutMs: 200 };

describe('/readyz', () => {
  it('answers 200 when the store answers and, in Socket Mode, Slack is connected', async () => {
    expect(await get(readyRoute(ready))).toEqual({ status: 200, body: 'ready\n' });
    expect(await get(readyRoute({ ...ready, slackConnected: () => true }))).toEqual({ status: 200, body: 'ready\n' });
  });

  it('answers 503 with one plain line when Socket Mode is not connected to Slack', async () => {
    const answer = await get(readyRoute({ ...ready, slackConnected: () => false }));
    expect(answer.status).toBe(503);
    expect(answer.body).toBe('not ready: not connected to Slack (Socket Mode)\n');
  });

  it('answers 503 once the bot is stopping, so a balancer sends its work to another replica', async () => {
    expect(await get(readyRoute({ ...ready, stopping: () => true }))).toEqual({ status: 503, body: 'not ready: stopping\n' });
  });

  it('answers 503 naming the cause when the store fails, takes too long, or lacks migrations', async () => {
    const failing = await get(readyRoute({ ...ready, store: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432\n    at stack')) }));
    expect(failing).toEqual({ status: 503, body: 'not ready: the store does not answer: connect ECONNREFUSED 127.0.0.1:5432\n' });

    const slow = await get(readyRoute({ ...ready, store: () => new Promise(() => {}), timeoutMs: 50 }));
    expect(slow).toEqual({ status: 503, body: 'not ready: the store did not answer within 50 ms\n' });

    const behind = await notReadyBecause({ ...ready, store: async () => 'migrations not applied: 0005_next' });
    expect(behind).toBe('migrations not applied: 0005_next');
  });

  it('leaves /healthz as liveness: ok while the process serves, whatever the store does', async () => {
    expect(await get(healthRoute)).toEqual({ status: 200, body: 'ok' });
  });
});
