import { connect, createServer, type Socket } from 'node:net';
import { listenOnLoopback, type RunningServer } from './ports';

/**
 * A TCP forwarder (127.0.0.1:<port> → target) that holds every connection until the test calls
 * release(): the kernel completes the handshake, but no byte reaches the target (nor comes back) before
 * then, so whatever talks to the target stays in flight exactly as long as the test wants. After
 * release() it is a plain pass-through. For asserting a transient state ("running") without hoping
 * the real operation is slow.
 */
export interface TcpGate extends RunningServer {
  /** Connections accepted so far (held or forwarded). */
  readonly accepted: number;
  release(): void;
}

export async function startTcpGate(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpGate> {
  const sockets = new Set<Socket>();
  const held: Socket[] = [];
  let open = false;
  let accepted = 0;
  const forward = (client: Socket): void => {
    const upstream = connect({ host: targetHost, port: targetPort });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  };
  // pauseOnConnect: a held client's bytes wait in its socket until it is forwarded.
  const server = createServer({ pauseOnConnect: true }, (client) => {
    accepted += 1;
    client.on('error', () => client.destroy());
    if (open) forward(client);
    else held.push(client);
  });
  const running = await listenOnLoopback(server, sockets);
  return {
    port: running.port,
    get accepted() {
      return accepted;
    },
    release() {
      open = true;
      for (const client of held.splice(0)) if (!client.destroyed) forward(client);
    },
    close: running.close,
  };
}
