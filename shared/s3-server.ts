/**
 * Which S3-compatible server answers at an endpoint, from one unauthenticated response's headers, so the
 * wizard can show that server's own least-privilege steps. A guess with its evidence: the user may correct it.
 */
export const s3ServerKinds = ['ceph-rgw', 'minio', 'aws', 'other'] as const;
export type S3ServerKind = (typeof s3ServerKinds)[number];
export interface S3ServerGuess {
  kind: S3ServerKind;
  /** What the guess rests on, for the user ('' = nothing measured yet). */
  evidence: string;
}

// RGW's request ids: "tx" + 21 hex digits, then hex time, hex instance id and the zone group's name.
const RGW_REQUEST_ID = /^tx[0-9a-f]{21}-[0-9a-f]{8,}-[0-9a-f]+-\S+$/;
const shown = (value: string) => value.replace(/[^\x20-\x7e]/g, '?').slice(0, 80);

/** Header names in lower case (as Node gives them). */
export function detectS3Server(headers: Readonly<Record<string, string | undefined>>): S3ServerGuess {
  const server = headers.server?.trim() ?? '';
  const requestId = headers['x-amz-request-id']?.trim() ?? '';
  if (/ceph/i.test(server)) return { kind: 'ceph-rgw', evidence: `Server: ${shown(server)}` };
  if (/minio/i.test(server)) return { kind: 'minio', evidence: `Server: ${shown(server)}` };
  if (/^amazons3$/i.test(server)) return { kind: 'aws', evidence: `Server: ${shown(server)}` };
  // RGW's beast frontend (the default since Nautilus) sends no Server header at all (measured on 16.2).
  if (RGW_REQUEST_ID.test(requestId)) return { kind: 'ceph-rgw', evidence: `request id ${shown(requestId)} has Ceph RGW's form` };
  if (headers['x-minio-deployment-id'] !== undefined) return { kind: 'minio', evidence: 'x-minio-deployment-id header' };
  return { kind: 'other', evidence: server ? `Server: ${shown(server)}` : 'no Server header and no known request id form' };
}
