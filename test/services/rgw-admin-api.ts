import { createHmac } from 'node:crypto';
import type { StorageCredentials } from '../../shared/storage-config';
import type { RgwInfo } from './rgw';

/**
 * RGW's Admin Ops API (HTTP, served by radosgw itself), signed as the cluster's "tester" user, which
 * start.sh gives the users=* cap. Unlike radosgw-admin, it is safe to call many times at once: each
 * radosgw-admin process registers as a watcher, and concurrent ones stall each other's notifies for
 * 10 s timeouts (measured with 5 at once).
 */
async function adminOps(rgw: RgwInfo, method: 'PUT' | 'DELETE', path: string, params: Record<string, string>): Promise<unknown> {
  const date = new Date().toUTCString();
  // AWS signature v2: the admin resources have no sub-resources, so the query is not signed.
  const signature = createHmac('sha1', rgw.secretKey).update(`${method}\n\n\n${date}\n${path}`).digest('base64');
  const url = `${rgw.httpEndpoint}${path}?${new URLSearchParams({ format: 'json', ...params })}`;
  const response = await fetch(url, { method, headers: { Date: date, Authorization: `AWS ${rgw.accessKey}:${signature}` }, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`RGW admin ${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Create an RGW user with a generated key pair. */
export async function createRgwUser(rgw: RgwInfo, uid: string): Promise<StorageCredentials> {
  const user = (await adminOps(rgw, 'PUT', '/admin/user', { uid, 'display-name': uid })) as { keys: { access_key: string; secret_key: string }[] };
  const key = user.keys[0];
  if (!key) throw new Error(`RGW created user ${uid} without a key`);
  return { accessKeyId: key.access_key, secretAccessKey: key.secret_key };
}

/** Remove a user with every bucket it owns and their objects. */
export async function removeRgwUser(rgw: RgwInfo, uid: string): Promise<void> {
  await adminOps(rgw, 'DELETE', '/admin/user', { uid, 'purge-data': 'true' });
}
