/**
 * `phare serve` as a child process, the way a user or a script runs it: `node bin/phare.js serve
 * --data D --port 0 --json`, reached over HTTP with the data folder's API token as a bearer header.
 * For the fault tests (killed with SIGKILL, restarted) and the load benchmark.
 *
 * The child is Node itself (bin/phare.js registers tsx in-process), so the pid we hold is the server's:
 * a SIGKILL reaches the process that owns the library, not a wrapper. Its inference host (a forked
 * child) is listed before a kill so a test can check that it does not outlive the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { readApiToken } from '../../../src-main/core/auth/apiToken';
import { httpProtocol } from '../../../src-shared/preloadApi';
import { createContractClient, type CallResult, type ContractClient } from '../../../src-shared/rpc';
import { repoRoot } from '../../helpers/paths';

export interface ServeProcess {
  url: string;
  token: string;
  pid: number;
  child: ChildProcess;
  /** A typed client of the contract over HTTP (calls only; events: `events`). */
  client: ContractClient;
  /** Resolves when the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What the server wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** Kills the server with a signal and waits for its end. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface StartOptions {
  /** More `phare serve` options (`--model`, `--embedding-model`). */
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Runs the server under another command (`ip netns exec ns`, `strace -f`): its argv before node's. */
  wrapper?: string[];
  /** How long the server may take to print where it listens. */
  startTimeoutMs?: number;
  /** Called with the child as soon as it is spawned (a test that kills it while it starts). */
  onSpawn?: (child: ChildProcess) => void;
}

/** Starts `phare serve` on a data folder and resolves once it listens (its JSON line read). */
export async function startServe(dataDir: string, options: StartOptions = {}): Promise<ServeProcess> {
  const nodeArgv = [process.execPath, join(repoRoot, 'bin/phare.js'), 'serve', '--data', dataDir, '--port', '0', '--json', ...(options.args ?? [])];
  const argv = [...(options.wrapper ?? []), ...nodeArgv];
  const child = spawn(argv[0], argv.slice(1), {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  child.on('error', () => undefined);
  options.onSpawn?.(child);

  const started = await new Promise<{ url: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`phare serve did not start in ${options.startTimeoutMs ?? 60_000} ms\nstdout: ${out}\nstderr: ${err.slice(-4000)}`));
    }, options.startTimeoutMs ?? 60_000);
    const onData = () => {
      // `--json` prints one pretty-printed object once the bridge listens.
      const end = out.indexOf('\n}');
      if (end < 0) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      try {
        resolve(JSON.parse(out.slice(0, end + 2)) as { url: string });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`phare serve ended before listening (code ${code}, signal ${signal})\nstdout: ${out}\nstderr: ${err.slice(-4000)}`));
    });
  });

  const token = readApiToken(dataDir);
  if (!token) throw new Error(`no API token in ${dataDir}`);
  const client = createContractClient({
    call: (method, input) => callOnce(started.url, token, method, input),
    subscribe: () => () => undefined,
  });
  return {
    url: started.url,
    token,
    pid: child.pid!,
    child,
    client,
    exited,
    stderr: () => err,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** One call over HTTP, as scripts make it (bearer token, client header). */
export async function callOnce(baseUrl: string, token: string, method: string, input: unknown): Promise<CallResult> {
  const res = await fetch(new URL(httpProtocol.callPath(method), baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', [httpProtocol.clientHeader]: 'fault-test', authorization: `Bearer ${token}` },
    body: JSON.stringify(input ?? {}),
  });
  if (res.status !== 200) throw new Error(`HTTP ${res.status} on ${method}: ${await res.text()}`);
  return (await res.json()) as CallResult;
}

/** Events of a running server over its WebSocket; errors (a killed server) end it quietly. */
export function openEvents(server: Pick<ServeProcess, 'url' | 'token'>, onEvent: (event: string, payload: unknown) => void): { ready: Promise<void>; close(): void } {
  const ws = new WebSocket(new URL(httpProtocol.eventsPath, server.url.replace(/^http/, 'ws')), { headers: { authorization: `Bearer ${server.token}` } });
  ws.on('error', () => undefined);
  ws.on('message', (data) => {
    try {
      const frame = JSON.parse(String(data)) as { event: string; payload: unknown };
      onEvent(frame.event, frame.payload);
    } catch {
      // A frame cut by a kill: ignored.
    }
  });
  const ready = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('close', () => reject(new Error('events socket closed before it opened')));
  });
  ready.catch(() => undefined);
  return { ready, close: () => ws.terminate() };
}

/** Child processes of a process (its inference host), read from /proc. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie still answers signal 0: read its state.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}
