/**
 * Maps a URL path to a file of the built renderer (out/renderer), for the HTTP bridge and for the
 * Electron shell's app protocol. Paths are decoded, normalised and must stay inside the root folder;
 * paths without an extension fall back to index.html so client-side routes load the app.
 */
import { stat } from 'node:fs/promises';
import { extname, join, posix, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticFile {
  filePath: string;
  contentType: string;
  size: number;
  /** True for index.html, which must never be cached (it names the hashed assets). */
  isIndex: boolean;
}

async function fileAt(filePath: string): Promise<{ size: number } | null> {
  try {
    const info = await stat(filePath);
    return info.isFile() ? { size: info.size } : null;
  } catch {
    return null;
  }
}

/** The file to serve for `urlPathname` (already stripped of query and hash), or null for a 404. */
export async function resolveStaticFile(rootDir: string, urlPathname: string): Promise<StaticFile | null> {
  const root = resolve(rootDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  // Normalising as an absolute URL path collapses every '..' at the top; the prefix check catches anything left.
  const candidate = resolve(join(root, posix.normalize('/' + decoded)));
  if (candidate !== root && !candidate.startsWith(root + sep)) return null;

  const indexPath = resolve(root, 'index.html');
  const serve = async (filePath: string): Promise<StaticFile | null> => {
    const found = await fileAt(filePath);
    return found ? { filePath, contentType: contentTypeFor(filePath), size: found.size, isIndex: filePath === indexPath } : null;
  };

  if (candidate === root) return serve(indexPath);
  const direct = await serve(candidate);
  if (direct) return direct;
  // A client-side route (no extension) gets the app; a missing asset is a real 404.
  return extname(candidate) === '' ? serve(indexPath) : null;
}
