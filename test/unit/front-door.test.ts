import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FrontDoor } from '../../src/jobs/front-door.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('FrontDoor', () => {
  it('is closed while a request is being answered and for the quiet time after it, then tells its listeners', async () => {
    let answer: (() => void) | undefined;
    server = createServer((_req, res) => {
      answer = () => res.end('ok');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const door = new FrontDoor(50);
    door.watch(server);
    let openedAt: number | undefined;
    door.onOpen(() => (openedAt ??= performance.now()));
    expect(door.isOpen()).toBe(true);

    const done = new Promise((resolve) =>
      request(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/`, (res) => res.resume().on('end', resolve)).end(),
    );
    while (!answer) await sleep(2);
    expect(door.isOpen()).toBe(false);
    await sleep(100);
    expect(door.isOpen()).toBe(false);
    expect(openedAt).toBeUndefined();

    const answeredAt = performance.now();
    answer();
    await done;
    expect(door.isOpen()).toBe(false);
    while (openedAt === undefined) await sleep(2);
    expect(door.isOpen()).toBe(true);
    expect(openedAt - answeredAt).toBeGreaterThanOrEqual(45);
  });
});
