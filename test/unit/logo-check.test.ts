import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLogoUrl, type LogoCheckOptions } from '../../src/senders/profile/logo-check.js';
import { isPublicAddress } from '../../src/senders/profile/public-address.js';

const tls = new URL('../fixtures/logo-tls/', import.meta.url);
const cert = readFileSync(new URL('cert.pem', tls));
const key = readFileSync(new URL('key.pem', tls));

function png(width: number, height: number, extra = 0): Buffer {
  const header = Buffer.alloc(33 + extra);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'latin1');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  return header;
}

function jpeg(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const sof2 = Buffer.alloc(19);
  sof2.set([0xff, 0xc2, 0x00, 0x11, 0x08]);
  sof2.writeUInt16BE(height, 5);
  sof2.writeUInt16BE(width, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof2, Buffer.from([0xff, 0xd9])]);
}

const routes: Record<string, (res: import('node:http').ServerResponse) => void> = {
  '/square.png': (res) => res.end(png(640, 640)),
  '/square.jpg': (res) => res.end(jpeg(192, 192)),
  '/wide.png': (res) => res.end(png(800, 600)),
  '/small.jpg': (res) => res.end(jpeg(100, 100)),
  '/text': (res) => res.end('<html>not a picture</html>'),
  '/huge.png': (res) => res.end(png(640, 640, 5 * 1024 * 1024)),
  '/moved': (res) => res.writeHead(302, { location: 'https://logo.test/square.png' }).end(),
  '/missing': (res) => res.writeHead(404).end(),
  '/silent': () => undefined,
};

let server: Server;
let base: string;
const local: LogoCheckOptions = {
  resolve: async () => [{ address: '127.0.0.1', family: 4 }],
  // The local server is let through here; the real rule's refusal of 127.0.0.1 has its own test.
  isPublic: (address) => address === '127.0.0.1',
  ca: cert,
};

beforeAll(async () => {
  server = createServer({ cert, key }, (req, res) => {
    const route = routes[req.url ?? ''];
    if (route) route(res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `https://logo.test:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

describe('the logo URL check', () => {
  it('takes a square PNG or JPEG of at least 192 × 192', async () => {
    expect(await checkLogoUrl(`${base}/square.png`, local)).toEqual({ ok: true, width: 640, height: 640 });
    expect(await checkLogoUrl(`${base}/square.jpg`, local)).toEqual({ ok: true, width: 192, height: 192 });
  });

  it('refuses anything but https', async () => {
    expect(await checkLogoUrl(`http://logo.test/square.png`, local)).toMatchObject({ ok: false, rule: 'https', message: expect.stringContaining('https://') });
    expect(await checkLogoUrl('logo.png', local)).toMatchObject({ ok: false, rule: 'https' });
  });

  it('refuses a host whose DNS answer is a loopback address, without fetching', async () => {
    const verdict = await checkLogoUrl(`${base}/square.png`, { resolve: local.resolve, ca: cert });
    expect(verdict).toMatchObject({ ok: false, rule: 'public_address', message: expect.stringContaining('not at a public address') });
    // The refusal does not tell what sits inside the network.
    expect((verdict as { message: string }).message).not.toContain('127.0.0.1');
  });

  it('refuses a private address written in the URL itself', async () => {
    expect(await checkLogoUrl('https://10.1.2.3/logo.png')).toMatchObject({ ok: false, rule: 'public_address' });
    expect(await checkLogoUrl('https://[::ffff:127.0.0.1]/logo.png')).toMatchObject({ ok: false, rule: 'public_address' });
  });

  it('follows no redirect', async () => {
    expect(await checkLogoUrl(`${base}/moved`, local)).toMatchObject({ ok: false, rule: 'redirect', message: expect.stringContaining('302') });
  });

  it('refuses an address that does not answer with the image', async () => {
    expect(await checkLogoUrl(`${base}/missing`, local)).toMatchObject({ ok: false, rule: 'reachable', message: expect.stringContaining('404') });
  });

  it('stops waiting at the time limit', async () => {
    expect(await checkLogoUrl(`${base}/silent`, { ...local, timeoutMs: 300 })).toMatchObject({
      ok: false,
      rule: 'reachable',
      message: expect.stringContaining('0.3 s'),
    });
  });

  it('stops reading past 5 MB', async () => {
    expect(await checkLogoUrl(`${base}/huge.png`, local)).toMatchObject({ ok: false, rule: 'too_large', message: expect.stringContaining('5 MB') });
  });

  it('refuses what is not a PNG or JPEG', async () => {
    expect(await checkLogoUrl(`${base}/text`, local)).toMatchObject({ ok: false, rule: 'not_an_image' });
  });

  it('refuses an image that is not square', async () => {
    expect(await checkLogoUrl(`${base}/wide.png`, local)).toMatchObject({ ok: false, rule: 'not_square', message: expect.stringContaining('800 × 600') });
  });

  it('refuses an image smaller than 192 × 192', async () => {
    expect(await checkLogoUrl(`${base}/small.jpg`, local)).toMatchObject({ ok: false, rule: 'too_small', message: expect.stringContaining('192 × 192') });
  });
});

describe('public addresses', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '224.0.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:a00:1',
    '::7f00:1',
    '::ffff:0:7f00:1',
    '64:ff9b:1::1',
    '2002:a00:1::1',
    'fec0::1',
    '192.88.99.1',
    'not-an-ip',
  ])('%s is not public', (address) => expect(isPublicAddress(address)).toBe(false));

  it.each(['8.8.8.8', '151.101.1.69', '2606:4700::1111', '::ffff:8.8.8.8'])('%s is public', (address) => expect(isPublicAddress(address)).toBe(true));
});
