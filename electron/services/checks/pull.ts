import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-s3';
import type { FinalizeRequestMiddleware, HttpRequest, MiddlewareStack } from '@smithy/types';
import type { Diagnosis } from '../../../shared/checks';
import { diagnoseTransport, serverAnswer } from '../../../shared/diagnosis';
import { inFamily } from '../../../shared/error-codes';
import { clientTrustModel } from './client-trust';
import { ProbeFailure, pass, probeKey, settleAll, warn, type ProbeContext, type ProbeDefinition, type ProbeOutcome } from './context';
import { putContent } from './driver-calls';

/** The driver signs redirect URLs for 20 minutes. */
const EXPIRES_S = 20 * 60;

/**
 * Presign as the driver's URLFor does (GetObjectRequest/HeadObjectRequest + Presign), with the run's
 * own client and signer: the request is built by the SDK and signed into the query instead of sent.
 */
export async function presign(ctx: Pick<ProbeContext, 's3' | 'signal'>, command: GetObjectCommand | HeadObjectCommand): Promise<string> {
  // The two commands' stacks differ only in their input and output types, which this middleware never reads.
  const stack = command.middlewareStack as unknown as MiddlewareStack<ServiceInputTypes, ServiceOutputTypes>;
  const presignInsteadOfSend: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> = (_next, context) => async (args) => {
    const request = args.request as HttpRequest;
    for (const header of ['amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-user-agent', 'x-amz-checksum-mode']) delete request.headers[header];
    request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    const signer = await ctx.s3.config.signer(context.endpointV2?.properties?.authSchemes?.[0]);
    const signed = await (signer as unknown as { presign(r: HttpRequest, o: object): Promise<HttpRequest> }).presign(request, { expiresIn: EXPIRES_S });
    // The signed request replaces the command's output: the caller reads `presigned` below.
    return { response: {}, output: { $metadata: {}, presigned: signed } as unknown as ServiceOutputTypes };
  };
  stack.addRelativeTo(
    presignInsteadOfSend,
    { name: 'presignInsteadOfSend', relation: 'before', toMiddleware: 'httpSigningMiddleware', override: true },
  );
  const { presigned } = (await ctx.s3.send(command, { abortSignal: ctx.signal })) as unknown as { presigned: HttpRequest };
  const query = Object.entries(presigned.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const port = presigned.port ? `:${presigned.port}` : '';
  return `${presigned.protocol}//${presigned.hostname}${port}${presigned.path}?${query}`;
}

interface Fetched { status: number; bytes: Buffer; length?: string }

/** One request with no credentials and only the modelled client's trust. */
function fetchAsClient(ctx: ProbeContext, url: string, method: 'GET' | 'HEAD', agent: Agent | undefined): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = send(url, { method, ...(agent ? { agent } : {}), signal: ctx.signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes: Buffer.concat(chunks), ...(res.headers['content-length'] ? { length: res.headers['content-length'] } : {}) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A TLS failure as the Docker client would report it, with the trust it had and the two ways out. */
function untrusted(code: string, sources: string[], host: string): Diagnosis {
  const transport = diagnoseTransport(code);
  return {
    code: 'CLIENT_UNTRUSTED_STORAGE',
    message: `A Docker client following the registry's 307 to ${host} would fail: ${(transport?.message ?? code).replace(/\.$/, '')}. The client trusts only: ${sources.join(', ')}. Pulls (and pushes of layers the registry already has) would fail with "x509: certificate signed by unknown authority" or similar.`,
    fix: 'Paste the storage endpoint\'s root CA into "Root CA certificate" so the bundle installs it in certs.d/<dtr-host>/ (or the OS trust store), or choose "disable redirect" on the client-trust step.',
    cause: code,
  };
}

/**
 * The pull path: the registry answers a blob GET (and HEAD) with a 307 to a presigned URL, and the
 * client fetches it without credentials, trusting only what it was given. Write a probe blob, presign
 * GET and HEAD for it the driver's way, fetch both as that client, compare, then remove the blob.
 */
export const pullProbe: ProbeDefinition = {
  id: 'pull',
  async run(ctx) {
    const model = clientTrustModel(ctx.config, ctx.clientTrust);
    if (model.kind === 'skip') return { status: 'skipped', evidence: { reason: model.reason } };
    const { bucket } = ctx.config;
    const key = probeKey(ctx, 'pull/blob');
    const body = randomBytes(1024);
    ctx.ledger.trackObject(key);
    await putContent(ctx, key, body).catch((error: unknown) => {
      if (error instanceof ProbeFailure && error.createdNothing) ctx.ledger.objectGone(key);
      throw error;
    });
    const [getUrl, headUrl] = await settleAll([
      presign(ctx, new GetObjectCommand({ Bucket: bucket, Key: key })),
      presign(ctx, new HeadObjectCommand({ Bucket: bucket, Key: key })),
    ]);
    const agent = !getUrl.startsWith('https:') ? undefined
      : model.kind === 'insecure' ? new Agent({ rejectUnauthorized: false }) : new Agent({ ca: model.ca });
    const trust = model.kind === 'verify' ? model.sources : ['nothing: no certificate is checked'];
    const host = new URL(getUrl).host;
    let outcome: ProbeOutcome;
    try {
      const [got, head] = await Promise.all([fetchAsClient(ctx, getUrl, 'GET', agent), fetchAsClient(ctx, headUrl, 'HEAD', agent)]);
      outcome = judge(ctx, { got, head, body, host, trust, ...(model.kind === 'insecure' ? { insecure: model.note } : {}) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).name;
      const transport = diagnoseTransport(code);
      const diagnosis = transport && inFamily(transport.code, 'TLS') ? untrusted(code, trust, host)
        : transport ?? { code: 'PRESIGNED_FETCH_FAILED', message: `Fetching the presigned URL from ${host} failed.`, fix: 'Check that clients can reach the storage endpoint.', cause: code };
      outcome = { status: 'fail', evidence: { host, clientTrust: trust }, diagnosis };
    } finally {
      agent?.destroy();
    }
    // Cleanup, not a verdict: the final sweep retries whatever is left.
    await ctx.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: ctx.signal }).then(() => ctx.ledger.objectGone(key), () => undefined);
    return outcome;
  },
};

function judge(ctx: ProbeContext, r: { got: Fetched; head: Fetched; body: Buffer; host: string; trust: string[]; insecure?: string }): ProbeOutcome {
  const evidence = { host: r.host, clientTrust: r.trust, getStatus: r.got.status, headStatus: r.head.status, driver: ctx.driver };
  for (const [method, res] of [['GET', r.got], ['HEAD', r.head]] as const) {
    if (res.status !== 200) {
      const code = /<Code>([^<]+)<\/Code>/.exec(res.bytes.toString('utf8'))?.[1];
      return {
        status: 'fail',
        evidence,
        diagnosis: {
          code: 'PRESIGNED_REFUSED',
          message: `The presigned ${method} URL (no credentials, as a Docker client sends it after the 307) was answered ${serverAnswer(code, res.status)}. Pulls through the registry's redirect would fail.`,
          fix: code === 'AccessDenied'
            ? 'A presigned URL carries the registry key\'s own permissions: allow s3:GetObject on the objects under the root directory (and remove any Deny).'
            : 'Check the endpoint\'s clock and that a proxy in front of the storage passes query-string signatures unchanged; or choose "disable redirect".',
          ...(code ? { cause: code } : { cause: `HTTP ${res.status}` }),
        },
      };
    }
  }
  if (!r.got.bytes.equals(r.body) || r.head.length !== String(r.body.length)) {
    return { status: 'fail', evidence, diagnosis: { code: 'PRESIGNED_MISMATCH', message: 'The presigned GET returned other bytes than were written (or HEAD another length).', fix: 'Check for a proxy or gateway that alters object bodies.' } };
  }
  if (r.insecure) {
    return warn({ ...evidence, contentVerified: true }, { code: 'CLIENT_TRUST_INSECURE', message: `${r.insecure} The presigned fetch works, but nothing proves it reached the real storage.`, fix: 'Lab use only: for production give clients the CAs (certs.d) or disable redirects.' });
  }
  return pass({ ...evidence, contentVerified: true });
}
