/**
 * The desktop shell's security settings against fake Electron objects (the binary cannot run here):
 * web preferences, CSP on our pages, no remote requests, no navigation or new windows, no permissions.
 */
import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { createAppOrigin } from '../../../src-main/electron/appOrigin';
import { applySessionSecurity, hardenWebContents, secureWebPreferences } from '../../../src-main/electron/security';

const origin = createAppOrigin(null);

describe('web preferences', () => {
  it('isolate and sandbox the renderer', () => {
    expect(secureWebPreferences('/preload.cjs')).toMatchObject({
      preload: '/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
  });
});

function fakeSession() {
  const hooks: Record<string, (...args: never[]) => unknown> = {};
  const session = {
    webRequest: {
      onHeadersReceived: (listener: never) => (hooks.headers = listener),
      onBeforeRequest: (listener: never) => (hooks.request = listener),
    },
    setPermissionCheckHandler: (handler: never) => (hooks.check = handler),
    setPermissionRequestHandler: (handler: never) => (hooks.permission = handler),
  };
  applySessionSecurity(session as unknown as Session, origin);
  return hooks as unknown as {
    headers(details: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void): void;
    request(details: { url: string }, cb: (r: { cancel: boolean }) => void): void;
    check(contents: null, permission: string, requestingOrigin: string): boolean;
    permission(contents: null, permission: string, cb: (granted: boolean) => void, details: { requestingUrl: string }): void;
  };
}

describe('session security', () => {
  const hooks = fakeSession();

  it('puts a strict CSP on our pages only', () => {
    let headers: Record<string, string[]> | undefined;
    hooks.headers({ url: 'phare://app/index.html', responseHeaders: {} }, (r) => (headers = r.responseHeaders));
    const csp = headers?.['Content-Security-Policy']?.[0] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
  });

  it('cancels every request that is not for the app itself', () => {
    const cancelled = (url: string) => {
      let cancel = false;
      hooks.request({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(cancelled('phare://app/assets/index.js')).toBe(false);
    expect(cancelled('data:image/png;base64,AAAA')).toBe(false);
    expect(cancelled('https://cdn.example.com/lib.js')).toBe(true);
    expect(cancelled('http://127.0.0.1:7373/api/call/app.info')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
  });

  it('denies permissions, except writing the clipboard from our pages', () => {
    expect(hooks.check(null, 'media', 'phare://app')).toBe(false);
    expect(hooks.check(null, 'clipboard-sanitized-write', 'phare://app')).toBe(true);
    expect(hooks.check(null, 'clipboard-sanitized-write', 'https://example.com')).toBe(false);
    let granted: boolean | null = null;
    hooks.permission(null, 'geolocation', (g) => (granted = g), { requestingUrl: 'phare://app/index.html' });
    expect(granted).toBe(false);
  });
});

describe('web contents', () => {
  it('stays on the app: navigation and redirects elsewhere are prevented, windows and webviews denied', () => {
    const listeners: Record<string, (event: { preventDefault(): void }, url: string) => void> = {};
    let openHandler: (() => { action: string }) | null = null;
    const contents = {
      on: (name: string, listener: (event: { preventDefault(): void }, url: string) => void) => (listeners[name] = listener),
      setWindowOpenHandler: (handler: () => { action: string }) => (openHandler = handler),
    };
    hardenWebContents(contents as unknown as WebContents, origin);
    const prevented = (name: string, url: string) => {
      let p = false;
      listeners[name]({ preventDefault: () => (p = true) }, url);
      return p;
    };
    expect(prevented('will-navigate', 'phare://app/index.html#/library')).toBe(false);
    expect(prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(prevented('will-navigate', 'file:///home/ana/report.pdf')).toBe(true);
    expect(prevented('will-redirect', 'https://example.com/')).toBe(true);
    expect(prevented('will-attach-webview', 'phare://app/')).toBe(true);
    expect(openHandler!()).toEqual({ action: 'deny' });
  });
});
