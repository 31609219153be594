/**
 * What the Electron preload exposes on `window.phare`, and all it exposes: one generic call over the
 * contract's methods, one event subscription over the contract's events, and the path of a dropped file.
 * The HTTP bridge offers the same two operations over `POST /api/call/<method>` and the `/api/events` WebSocket.
 */
import type { MethodName } from './contract';
import type { CallResult } from './rpc';

export interface PreloadApi {
  call(method: MethodName, input: unknown): Promise<CallResult>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
  /** Path on disk of a dropped or picked File (Electron's webUtils.getPathForFile); '' when unknown. */
  getPathForFile(file: File): string;
}

/** The HTTP bridge's wire protocol, shared by the server and the browser transport. */
export const httpProtocol = {
  callPath: (method: string) => `/api/call/${encodeURIComponent(method)}`,
  eventsPath: '/api/events',
  /** Files streamed to the inbox, then `library.ingestUploads` (uploadFraming.ts). */
  uploadPath: '/api/upload',
  /** Required on every call: a custom header forces a CORS preflight, which the bridge never grants. */
  clientHeader: 'x-phare-client',
} as const;
