/**
 * A contract transport plus what the shell needs to know about the link itself: which kind it is
 * (Electron IPC has file paths, a browser does not) and whether the event stream is connected, so the
 * UI can say so and refresh what it may have missed while the link was down.
 */
import type { OcrMode } from '../../src-shared/domain';
import type { CallResult, ContractTransport } from '../../src-shared/rpc';

export type ConnectionState = 'connected' | 'connecting' | 'disconnected';

export interface AppTransport extends ContractTransport {
  readonly kind: 'ipc' | 'http';
  /** Path on disk of a picked or dropped File; '' when the transport has no paths (a browser). */
  pathForFile(file: File): string;
  /** Calls back with every change of the event link's state (and once at once with the current state). */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /**
   * `library.ingestUploads` with the files streamed rather than sent as base64 in the call (the HTTP
   * bridge's upload route); absent where the call itself carries them well (IPC).
   */
  uploadFiles?(files: File[], input: { collection?: string; ocr?: OcrMode }): Promise<CallResult>;
}
