/**
 * Starts the inference host with Node's child_process.fork (the CLI, `phare serve`, tests).
 * From source (this file is .ts, under vitest or tsx) it forks host/hostMain.ts through tsx; from a
 * build it forks inferenceHost.js, which electron-vite emits next to the bundle.
 * The Electron shell has its own launcher on utilityProcess, built on the same HostChannel.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HostChannel, HostLauncher } from './types';

function hostEntry(): { entry: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Resolve tsx from this package rather than the working directory, which may be anywhere.
    const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
    return { entry: fileURLToPath(new URL('./host/hostMain.ts', here)), execArgv: ['--import', tsx] };
  }
  return { entry: fileURLToPath(new URL('./inferenceHost.js', here)), execArgv: [] };
}

export interface NodeHostLauncherOptions {
  /** Extra environment for the host (merged over process.env). */
  env?: NodeJS.ProcessEnv;
}

export function createNodeHostLauncher(options: NodeHostLauncherOptions = {}): HostLauncher {
  return (): HostChannel => {
    const { entry, execArgv } = hostEntry();
    const child = fork(entry, [], {
      execArgv,
      env: { ...process.env, ...options.env },
      // Logs go through the IPC channel. What llama.cpp prints itself goes to our stderr, never our
      // stdout, which belongs to the CLI's output (`--json` must stay parseable). The descriptor rather
      // than the `process.stderr` stream: in a worker thread (a test runner's thread pool) that stream
      // has no descriptor and `fork` refuses it.
      stdio: ['ignore', 2, 2, 'ipc'],
      serialization: 'json',
    });
    // An 'error' event without a listener would throw in the app; the exit listener reports deaths.
    child.on('error', () => undefined);
    return {
      send: (message) => {
        if (!child.connected) return;
        try {
          child.send(message as never);
        } catch {
          // The channel closed between the check and the send: the exit handler reports the death.
        }
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => {
        let reported = false;
        const report = (code: number | null, signal: string | null) => {
          if (reported) return;
          reported = true;
          listener(code, signal);
        };
        child.on('exit', (code, signal) => report(code, signal));
        // fork itself failing (no such file, spawn error) never emits 'exit' in some cases.
        child.on('error', () => {
          if (child.exitCode === null && child.signalCode === null && !child.connected) report(null, null);
        });
      },
      kill: () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
  };
}

/** The launcher with default options. */
export const nodeHostLauncher: HostLauncher = createNodeHostLauncher();
