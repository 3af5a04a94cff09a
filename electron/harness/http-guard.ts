import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may talk to the harness: only pages it served itself, on 127.0.0.1 or localhost at its port
 * (a foreign Host header means DNS rebinding, a foreign Origin a cross-site page), and for the API
 * only holders of the per-run token.
 */
export interface Guard {
  /** 403 reason, or undefined when Host and Origin are ours. */
  foreignOrigin(request: IncomingMessage): string | undefined;
  /** true when the request carries the token: Authorization: Bearer, or ?token= where allowed (EventSource cannot set headers). */
  hasToken(request: IncomingMessage, url: URL, allowQuery: boolean): boolean;
}

export function createGuard(port: number, token: string): Guard {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = new Set([...hosts].map((host) => `http://${host}`));
  const expected = Buffer.from(token);
  const matches = (candidate: string | null | undefined): boolean => {
    if (!candidate) return false;
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  return {
    foreignOrigin(request) {
      const host = request.headers.host;
      if (!host || !hosts.has(host.toLowerCase())) return 'foreign Host header';
      const origin = request.headers.origin;
      if (origin !== undefined && !origins.has(origin.toLowerCase())) return 'foreign Origin header';
      if (request.headers['sec-fetch-site'] === 'cross-site') return 'cross-site request';
      return undefined;
    },
    hasToken(request, url, allowQuery) {
      const header = request.headers.authorization;
      const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
      return matches(bearer) || (allowQuery && matches(url.searchParams.get('token')));
    },
  };
}
