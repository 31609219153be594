/**
 * A contract transport plus what the shell needs to know about the link itself: which kind it is
 * (Electron IPC has file paths, a browser does not) and whether the event stream is connected, so the
 * UI can say so and refresh what it may have missed while the link was down.
 */
import type { ContractTransport } from '../../src-shared/rpc';

export type ConnectionState = 'connected' | 'connecting' | 'disconnected';

export interface AppTransport extends ContractTransport {
  readonly kind: 'ipc' | 'http';
  /** Path on disk of a picked or dropped File; '' when the transport has no paths (a browser). */
  pathForFile(file: File): string;
  /** Calls back with every change of the event link's state (and once at once with the current state). */
  onConnection(listener: (state: ConnectionState) => void): () => void;
}
