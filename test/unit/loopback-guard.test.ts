import { spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { createServer, connect, type AddressInfo } from 'node:net';
import { request } from 'node:https';
import { describe, expect, it } from 'vitest';

// The guard every test process loads (vitest setupFiles, playwright.config.ts): traffic stays on this machine.
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: NodeJS.ErrnoException & { loopbackGuard?: boolean }) => e);

describe('loopback guard', () => {
  it('answers a name other than localhost with ENOTFOUND without asking DNS', async () => {
    for (const name of ['dtr.example.com', 'bucket.localhost']) {
      expect(await failure(lookup(name)), name).toMatchObject({ code: 'ENOTFOUND', loopbackGuard: true });
    }
    expect(await lookup('localhost')).toMatchObject({ address: expect.stringMatching(/^(127\.|::1$)/) as unknown });
  });

  it('refuses a connection to an address outside 127.0.0.0/8, also through https', async () => {
    const socket = connect({ host: '192.0.2.1', port: 9 });
    const error = await new Promise<NodeJS.ErrnoException & { loopbackGuard?: boolean }>((done) => socket.on('error', done));
    expect(error).toMatchObject({ code: 'ENETUNREACH', loopbackGuard: true });
    const viaHttps = await new Promise<NodeJS.ErrnoException & { loopbackGuard?: boolean }>((done) =>
      request('https://10.0.0.5/', done as never).on('error', done).end(),
    );
    expect(viaHttps).toMatchObject({ code: 'ENETUNREACH', loopbackGuard: true });
  });

  it('lets loopback traffic through', async () => {
    const server = createServer((c) => c.end('hello')).listen(0, '127.0.0.1');
    await new Promise((ok) => server.once('listening', ok));
    try {
      const socket = connect({ host: 'localhost', port: (server.address() as AddressInfo).port });
      const text = await new Promise<string>((done, fail) => {
        socket.once('data', (d: Buffer) => done(d.toString()));
        socket.once('error', fail);
      });
      expect(text).toBe('hello');
    } finally {
      server.close();
    }
  });

  it('is loaded by every Node process a test starts', () => {
    const child = spawnSync(process.execPath, ['-e', "require('node:dns').lookup('dtr.example.com', (e) => console.log(e && e.loopbackGuard))"], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.stdout.trim()).toBe('true');
  });
});
