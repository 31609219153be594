/**
 * The only two IPC channels between the renderer and the main process, named in one place for the
 * preload and the main side's bridge (as Mattermost does in its communication.ts).
 */
export const ipcChannels = {
  /** renderer → main, invoke/handle: `(method, input) => CallResult`. */
  call: 'phare:call',
  /** main → renderer: `(event, payload)` for every contract event. */
  event: 'phare:event',
} as const;
