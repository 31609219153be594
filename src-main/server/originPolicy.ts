/**
 * Which Host and Origin headers the bridge accepts, and the WebSocket sources its pages' CSP names.
 * On 127.0.0.1 the names are known (127.0.0.1 and localhost at our port); in LAN mode the machine is
 * reached by names we cannot list, so any well-formed Host passes and a browser's Origin must match it.
 */
import { isAllowedHost, isAllowedOrigin, isSameOrigin, isWellFormedHost } from './requestGuards';

export interface OriginPolicy {
  scheme: 'http' | 'https';
  hostAllowed(host: string | undefined): boolean;
  /** `origin` undefined: not a browser (or a same-origin GET); allowed. */
  originAllowed(origin: string | undefined, host: string | undefined): boolean;
  /** Sources for `connect-src`: some browsers do not count ws: as 'self'. */
  socketSources(host: string | undefined): string[];
}

export function createOriginPolicy(options: { lanMode: boolean; tls: boolean; port: () => number }): OriginPolicy {
  const scheme = options.tls ? 'https' : 'http';
  const ws = options.tls ? 'wss' : 'ws';
  if (options.lanMode) {
    return {
      scheme,
      hostAllowed: (host) => isWellFormedHost(host),
      originAllowed: (origin, host) => isSameOrigin(origin, host, scheme),
      socketSources: (host) => (host && isWellFormedHost(host) ? [`${ws}://${host.trim().toLowerCase()}`] : []),
    };
  }
  return {
    scheme,
    hostAllowed: (host) => isAllowedHost(host, options.port()),
    originAllowed: (origin, host) => (options.tls ? isSameOrigin(origin, host, scheme) : isAllowedOrigin(origin, options.port())),
    socketSources: () => [`${ws}://127.0.0.1:${options.port()}`, `${ws}://localhost:${options.port()}`],
  };
}
