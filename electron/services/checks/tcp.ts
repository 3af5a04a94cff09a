import { connect } from 'node:net';
import { diagnoseTransport } from '../../../shared/diagnosis';
import { ProbeFailure, pass, type ProbeContext, type ProbeDefinition } from './context';

/** Open (and close) one TCP connection to the host the S3 requests go to. */
export const tcpProbe: ProbeDefinition = {
  id: 'tcp',
  run(ctx: ProbeContext) {
    const { connectHost, port } = ctx.target;
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const socket = connect({ host: connectHost, port });
      const finish = (error?: NodeJS.ErrnoException) => {
        ctx.signal.removeEventListener('abort', onAbort);
        socket.destroy();
        if (!error) return;
        const code = error.code;
        reject(
          new ProbeFailure(
            diagnoseTransport(code) ?? {
              code: 'TCP_FAILED',
              message: `Could not connect to ${connectHost}:${port}.`,
              fix: 'Check the host and port in the endpoint, and firewalls between here and the service.',
              cause: code,
            },
            { host: connectHost, port, error: code ?? error.message.slice(0, 120) },
          ),
        );
      };
      const onAbort = () => finish(Object.assign(new Error('aborted'), { code: 'ETIMEDOUT' }));
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      socket.once('connect', () => {
        const connectMs = Math.round(performance.now() - t0);
        const evidence = { host: connectHost, port, remoteAddress: socket.remoteAddress ?? '', connectMs };
        finish();
        resolve(pass(evidence));
      });
      socket.once('error', finish);
    });
  },
};
