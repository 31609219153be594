/**
 * The desktop shell's security settings, in one place (Electron's security checklist):
 * - the renderer is sandboxed and isolated, with no Node and web security on;
 * - its pages get a strict CSP (no unsafe-eval, no inline scripts, no remote origins);
 * - it cannot navigate away, open windows, attach webviews or load anything but the app's own files;
 * - every permission request (camera, notifications, ...) is denied.
 */
import type { Session, WebContents, WebPreferences } from 'electron';
import { contentSecurityPolicy } from '../server/contentSecurityPolicy';
import type { AppOrigin } from './appOrigin';

/** `devTools` is false unless asked for: only development builds ask (developmentFeatures.ts). */
export function secureWebPreferences(preloadPath: string, options: { devTools?: boolean } = {}): WebPreferences {
  return {
    preload: preloadPath,
    devTools: options.devTools ?? false,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** Response headers of the app's pages; the same CSP as `phare serve`, loosened only for Vite's dev server. */
export function appSecurityHeaders(origin: AppOrigin): Record<string, string> {
  const dev = origin.devServerUrl ? new URL(origin.devServerUrl) : null;
  const csp = dev
    ? contentSecurityPolicy({ scriptSrc: ["'unsafe-inline'"], styleSrc: ["'unsafe-inline'"], connectSrc: [`ws://${dev.host}`] })
    : contentSecurityPolicy();
  return { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' };
}

/** Schemes the renderer may load besides its own origin: in-memory data and the developer tools. */
const LOCAL_SCHEMES = ['data:', 'blob:', 'devtools:'];

function isLocalRequest(url: string, origin: AppOrigin): boolean {
  if (origin.isAppUrl(url) || LOCAL_SCHEMES.some((scheme) => url.startsWith(scheme))) return true;
  // Vite's hot-reload socket, in dev mode only.
  if (origin.devServerUrl) {
    const dev = new URL(origin.devServerUrl);
    try {
      const u = new URL(url);
      return (u.protocol === 'ws:' || u.protocol === 'wss:') && u.host === dev.host;
    } catch {
      return false;
    }
  }
  return false;
}

export function applySessionSecurity(session: Session, origin: AppOrigin): void {
  const headers = appSecurityHeaders(origin);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!origin.isAppUrl(details.url)) return callback({ responseHeaders: details.responseHeaders });
    const responseHeaders = { ...details.responseHeaders };
    for (const [name, value] of Object.entries(headers)) responseHeaders[name] = [value];
    callback({ responseHeaders });
  });
  // No remote content: the app is offline by design, so nothing may leave for the network.
  session.webRequest.onBeforeRequest((details, callback) => {
    const cancel = !isLocalRequest(details.url, origin);
    if (cancel) console.warn(`[security] blocked a request to ${details.url.slice(0, 200)}`);
    callback({ cancel });
  });
  // Writing to the clipboard (a "copy answer" button) is the one permission the app's own pages get.
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permission === 'clipboard-sanitized-write' && origin.isAppUrl(requestingOrigin),
  );
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permission === 'clipboard-sanitized-write' && origin.isAppUrl(details.requestingUrl));
  });
}

/** Applied to every web contents the app creates (app.on('web-contents-created')). */
export function hardenWebContents(contents: WebContents, origin: AppOrigin): void {
  const keepOnApp = (event: { preventDefault(): void }, url: string) => {
    if (!origin.isAppUrl(url)) {
      event.preventDefault();
      console.warn(`[security] blocked navigation to ${url.slice(0, 200)}`);
    }
  };
  contents.on('will-navigate', keepOnApp);
  contents.on('will-redirect', keepOnApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
