import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

/** Static files of the built renderer, for Electron's app:// protocol and the browser harness. */
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The file a URL path names under `root`, or undefined when the path is malformed or climbs out of root. */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = normalize(join(root, decoded === '/' ? 'index.html' : decoded));
  return file.startsWith(normalize(root) + sep) ? file : undefined;
}

export const contentTypeOf = (file: string): string => contentTypes[extname(file)] ?? 'application/octet-stream';

/** A file under `root` (the renderer bundle), or undefined (missing, a directory, or outside root). */
export async function readStatic(root: string, urlPath: string): Promise<{ body: Buffer; type: string } | undefined> {
  const file = resolveStaticPath(root, urlPath);
  if (!file) return undefined;
  try {
    return { body: await readFile(file), type: contentTypeOf(file) };
  } catch {
    return undefined;
  }
}
