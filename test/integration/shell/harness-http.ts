import { request } from 'node:http';

export interface HttpAnswer {
  status: number;
  body: string;
  json(): unknown;
}

/** A raw HTTP call (node:http, so Host and Origin can be set freely, unlike fetch). */
export function httpCall(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body, json: () => JSON.parse(body) });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** POST /api/<channel> with the token, as the page's shim does. */
export function callApi(port: number, token: string, channel: string, body: string, extra: Record<string, string> = {}): Promise<HttpAnswer> {
  return httpCall(port, {
    method: 'POST',
    path: `/api/${encodeURIComponent(channel)}`,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...extra },
    body,
  });
}
