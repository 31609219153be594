/**
 * The real Prometheus tools the monitoring tests run (Debian packages `prometheus`, which brings
 * `promtool`, and `prometheus-pushgateway`; `.ci/run` installs them): found on PATH, run, and, for the
 * servers, started as children on free ports and always killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

const PACKAGES: Record<string, string> = {
  promtool: 'prometheus',
  prometheus: 'prometheus',
  'prometheus-pushgateway': 'prometheus-pushgateway',
  pushgateway: 'prometheus-pushgateway',
};

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this folder
    }
  }
  return null;
}

/** The tool's path; the first of `names` found on PATH (Debian names the Pushgateway `prometheus-pushgateway`). */
export function requireTool(...names: string[]): string {
  for (const name of names) {
    const found = onPath(name);
    if (found) return found;
  }
  const pkg = PACKAGES[names[0]] ?? names[0];
  throw new Error(
    `${names.join(' / ')} not found on PATH. The monitoring tests run the real tool: install the Debian package \`${pkg}\` ` +
      `(apt-get install prometheus prometheus-pushgateway; .ci/run does).`,
  );
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, feeding `input` on stdin. */
export function run(command: string, args: string[], options: { cwd?: string; input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A port free on 127.0.0.1 now (the OS picks it; the caller binds it right after). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Child {
  process: ChildProcess;
  /** Everything it wrote so far (stdout and stderr), for failure messages. */
  output(): string;
  /** What it wrote on stdout alone. */
  stdout(): string;
  exited: Promise<number | null>;
}

/** Children started by a test file; `killAll` in afterAll (and the process exit hook) ends them. */
export class Children {
  private readonly all = new Set<Child>();

  constructor() {
    // A test runner killed mid-test must not leave servers behind.
    process.once('exit', () => {
      for (const child of this.all) child.process.kill('SIGKILL');
    });
  }

  start(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Child {
    const proc = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stdout = '';
    const keep = (d: Buffer) => {
      out += d;
      if (out.length > 200_000) out = out.slice(-100_000);
    };
    proc.stdout?.on('data', (d: Buffer) => {
      if (stdout.length < 100_000) stdout += d;
      keep(d);
    });
    proc.stderr?.on('data', keep);
    const exited = new Promise<number | null>((resolve) => {
      proc.once('exit', (code) => resolve(code));
      proc.once('error', (error) => {
        out += `\n[spawn error] ${error.message}`;
        resolve(null);
      });
    });
    const child: Child = { process: proc, output: () => out, stdout: () => stdout, exited };
    this.all.add(child);
    void exited.then(() => this.all.delete(child));
    return child;
  }

  /** SIGTERM, then SIGKILL for whatever has not exited after `graceMs`. */
  async killAll(graceMs = 5_000): Promise<void> {
    const running = [...this.all];
    for (const child of running) child.process.kill('SIGTERM');
    await Promise.all(
      running.map(async (child) => {
        const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
        await child.exited;
        clearTimeout(timer);
      }),
    );
  }
}

/**
 * Polls `check` until it returns a value other than undefined, and returns it. Fails after
 * `timeoutMs` with `what` and the last error or value seen: conditions, never fixed sleeps.
 */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, options: { timeoutMs?: number; intervalMs?: number; context?: () => string } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last: unknown = undefined;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`Timed out waiting for ${what} (last: ${seen})${options.context ? `\n${options.context()}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}
