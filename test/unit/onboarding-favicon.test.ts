import { describe, expect, it } from 'vitest';
import { faviconRoute } from '../../src/web/routes.js';

describe('the favicon', () => {
  it('is a 32×32 icon with transparent corners, cached for a week', async () => {
    const sent: { status?: number; headers?: Record<string, unknown>; body?: Buffer } = {};
    const res = {
      writeHead: (status: number, headers: Record<string, unknown>) => Object.assign(sent, { status, headers }),
      end: (body: Buffer) => Object.assign(sent, { body }),
    };
    await faviconRoute.handler({} as never, res as never);
    expect(sent.status).toBe(200);
    expect(sent.headers).toMatchObject({ 'Content-Type': 'image/x-icon', 'Cache-Control': 'public, max-age=604800' });
    const ico = sent.body!;
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 1]);
    expect([ico[6], ico[7], ico.readUInt16LE(12)]).toEqual([32, 32, 32]);
    expect(ico.length).toBe(22 + ico.readUInt32LE(14));
    const alphaAt = (x: number, y: number) => ico[62 + ((31 - y) * 32 + x) * 4 + 3];
    expect(alphaAt(0, 0)).toBe(0);
    expect(alphaAt(16, 16)).toBe(255);
  });
});
