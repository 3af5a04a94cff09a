import { connect, createServer, type Socket } from 'node:net';
import { listenOnLoopback, type RunningServer } from './ports';

/**
 * A TCP forwarder (127.0.0.1:<port> → target) that can act as a delay line: every chunk is held for
 * `delayMs` in each direction, in order, so a round trip costs 2 × delayMs. It stands in for
 * `tc netem`, which this machine's kernel lacks (CONFIG_NET_SCH_NETEM is not set). Unlike netem it
 * cannot delay the TCP handshake itself (the kernel completes it before user space sees it).
 */
export type DelayLine = RunningServer;

function pipeDelayed(from: Socket, to: Socket, delayMs: number): void {
  if (!delayMs) {
    from.pipe(to);
    return;
  }
  from.on('data', (chunk: Buffer) => setTimeout(() => to.writable && to.write(chunk), delayMs));
  from.on('end', () => setTimeout(() => to.end(), delayMs));
}

export function startDelayLine(targetPort: number, delayMs: number, targetHost = '127.0.0.1'): Promise<DelayLine> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect({ host: targetHost, port: targetPort });
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    pipeDelayed(client, upstream, delayMs);
    pipeDelayed(upstream, client, delayMs);
  });
  return listenOnLoopback(server, sockets);
}
