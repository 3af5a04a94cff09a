import { createServer, type Server, type Socket } from 'node:net';

/** Ask the kernel for a free TCP port on 127.0.0.1 (it may be taken again before use; callers retry). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  port: number;
  /** Destroys every tracked socket, then closes the server. */
  close(): Promise<void>;
}

/**
 * Listen on a free 127.0.0.1 port. Every accepted connection is tracked (plus whatever the caller adds to
 * `tracked`, e.g. upstream sockets of a forwarder) so close() never waits on a hung peer.
 */
export function listenOnLoopback(server: Server, tracked = new Set<Socket>()): Promise<RunningServer> {
  server.on('connection', (s: Socket) => {
    tracked.add(s);
    s.on('close', () => tracked.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : 0,
        close: () =>
          new Promise<void>((done) => {
            for (const s of tracked) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
