/**
 * Where the app's pages come from, and the one test of "is this our page?" used by the IPC sender check,
 * navigation guards and request filtering. In production the renderer is served from the `phare://app/`
 * protocol (a real origin, unlike file://, and nothing else on disk is reachable); under
 * `electron-vite dev` it comes from Vite's dev server.
 */
export const APP_SCHEME = 'phare';
export const APP_HOST = 'app';

export interface AppOrigin {
  /** The URL the main window loads. */
  entryUrl: string;
  /** True for a URL of our own pages (any path under the app origin). */
  isAppUrl(url: string): boolean;
  /** The dev server's URL when running under `electron-vite dev`, else null. */
  devServerUrl: string | null;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

export function createAppOrigin(devServerUrl: string | null): AppOrigin {
  const dev = devServerUrl ? parse(devServerUrl) : null;
  return {
    entryUrl: dev ? dev.href : `${APP_SCHEME}://${APP_HOST}/index.html`,
    devServerUrl: dev ? dev.href : null,
    isAppUrl(url) {
      const u = parse(url);
      if (!u) return false;
      if (dev) return u.protocol === dev.protocol && u.host === dev.host;
      return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
    },
  };
}
