// A TCP forwarder (listen here, connect there) that can act as a delay line: every chunk is held for
// `delayMs` in each direction, in order, so a round trip costs 2 x delayMs. This stands in for
// `tc netem`, which this machine's kernel does not have (CONFIG_NET_SCH_NETEM is not set). Unlike
// netem it cannot delay the TCP handshake itself (the kernel completes it before user space sees it).
import { createServer, connect } from 'node:net';

function pipeDelayed(from, to, delayMs) {
  if (!delayMs) return void from.pipe(to);
  from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs));
  from.on('end', () => setTimeout(() => to.end(), delayMs));
}

export function forward({ listenHost, listenPort = 0, targetHost, targetPort, delayMs = 0 }) {
  const sockets = new Set();
  const server = createServer((client) => {
    const upstream = connect({ host: targetHost, port: targetPort });
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => { client.destroy(); upstream.destroy(); });
    }
    pipeDelayed(client, upstream, delayMs);
    pipeDelayed(upstream, client, delayMs);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, listenHost, () =>
      resolve({
        port: server.address().port,
        close: () => new Promise((done) => { for (const s of sockets) s.destroy(); server.close(() => done()); }),
      }));
  });
}
