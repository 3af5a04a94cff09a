import { createJiti } from 'jiti';
const jiti = createJiti(import.meta.url);
const { startRgw } = await jiti.import('./test/services/rgw.ts');
const { runChecks } = await jiti.import('./electron/services/checks/runner.ts');
const { storageConfigSchema } = await jiti.import('./shared/storage-config.ts');
const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
const rgw = await startRgw();
try {
  const bucket = 'scratch-' + process.pid;
  const admin = new S3Client({ region: rgw.region, endpoint: rgw.httpEndpoint, forcePathStyle: true, credentials: { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey } });
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  const creds = { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey };
  for (const [name, input, opts] of [
    ['http 2.8', { regionendpoint: rgw.httpEndpoint, secure: false, rootdirectory: '/reg' }, {}],
    ['http v3', { regionendpoint: rgw.httpEndpoint, secure: false, rootdirectory: '/reg' }, { driver: '3' }],
    ['https ca', { regionendpoint: rgw.httpsEndpoint, secure: true, ca: rgw.caPem }, {}],
    ['https skipverify no ca', { regionendpoint: rgw.httpsEndpoint, secure: true, skipverify: true }, {}],
    ['https insecure-registry', { regionendpoint: rgw.httpsEndpoint, secure: true, skipverify: true }, { clientTrust: { dtrHost: 'dtr:4443', mode: 'insecure-registry', dtrCaPem: '' } }],
    ['redirect disabled', { regionendpoint: rgw.httpEndpoint, secure: false, redirect: { disable: true } }, {}],
  ]) {
    const config = storageConfigSchema.parse({ provider: 's3-compatible', region: rgw.region, bucket, forcepathstyle: true, ...input });
    const r = await runChecks(config, creds, opts);
    console.log('==', name, r.totalMs, 'ms leftovers', r.leftovers);
    for (const p of r.probes) console.log(' ', p.id, p.status, p.durationMs, p.diagnosis ? JSON.stringify(p.diagnosis).slice(0, 400) : '', p.status==='pass' && ['push','list','pull'].includes(p.id) && process.env.V ? JSON.stringify(p.evidence) : '');
  }
} finally { await rgw.stop(); }
