/**
 * Starts the inference host with Electron's utilityProcess (a Node process Chromium manages, the
 * recommended way in Electron). If llama.cpp aborts on a malformed model, only this process dies.
 * The host script receives messages on `process.parentPort` there, instead of `process.on('message')`.
 */
import { utilityProcess } from 'electron';
import type { HostChannel, HostLauncher } from '../core/llm/types';

export function createUtilityHostLauncher(hostScriptPath: string): HostLauncher {
  return (): HostChannel => {
    const child = utilityProcess.fork(hostScriptPath, [], { serviceName: 'Phare inference host', stdio: 'inherit' });
    let exited = false;
    child.on('exit', () => (exited = true));
    // A fatal V8 error is always followed by 'exit', which reports it; an unheard 'error' would throw in main.
    child.on('error', () => undefined);
    return {
      send: (message) => {
        if (exited) return;
        try {
          child.postMessage(message);
        } catch {
          // The process died between the check and the send: the exit listener reports it.
        }
      },
      onMessage: (listener) => {
        child.on('message', listener);
      },
      // utilityProcess reports only an exit code; a crash shows as a non-zero code.
      onExit: (listener) => {
        child.on('exit', (code) => listener(code, null));
      },
      kill: () => {
        if (!exited) child.kill();
      },
    };
  };
}
