/**
 * The parent side of one inference host process: numbered requests, streamed tokens, aborts, and
 * the host's death. When the host exits unexpectedly (a GGML_ASSERT abort, a crash, the OOM killer)
 * every pending request rejects with PhareError('MODEL_CRASHED'); the object is then dead for good
 * and the model service starts a new one on the next request.
 */
import { PhareError, isErrorCode, type ErrorParams } from '../../../src-shared/errors';
import { HostMessageSchema, hostMethods, type HostMethodName, type HostParams, type HostResult, type ParentMessage } from './host/hostProtocol';
import type { HostChannel, HostLauncher } from './types';

export interface HostRequestOptions {
  signal?: AbortSignal;
  onToken?: (delta: string) => void;
}

export interface HostExit {
  code: number | null;
  signal: string | null;
  /** True when we asked the host to stop. */
  expected: boolean;
}

export interface InferenceHostOptions {
  launcher: HostLauncher;
  /** llama.cpp's warnings and errors, forwarded from the host. Errors go to console.warn by default. */
  onLog?: (level: 'error' | 'warn' | 'info', message: string) => void;
  onExit?: (exit: HostExit) => void;
}

interface Pending {
  method: HostMethodName;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  onToken?: (delta: string) => void;
  cleanup: () => void;
}

const SHUTDOWN_GRACE_MS = 3000;

function describeExit(code: number | null, signal: string | null): string {
  if (signal) return `signal ${signal}`;
  return `exit code ${code ?? 'unknown'}`;
}

export class InferenceHost {
  private readonly channel: HostChannel;
  private readonly pending = new Map<string, Pending>();
  /** Messages wait here until the host says it is listening. */
  private outbox: ParentMessage[] | null = [];
  private nextId = 1;
  private exited = false;
  private stopping = false;
  private readonly exitWaiters: Array<() => void> = [];
  private pidValue: number | null = null;
  private pendingAtExitValue: HostMethodName[] = [];

  constructor(private readonly options: InferenceHostOptions) {
    this.channel = options.launcher();
    this.channel.onMessage((raw) => this.receive(raw));
    this.channel.onExit((code, signal) => this.handleExit(code, signal));
  }

  /** False once the host process has exited, for whatever reason. */
  get alive(): boolean {
    return !this.exited;
  }

  get pid(): number | null {
    return this.pidValue;
  }

  /** What was in flight when the host died: tells whether a crash can be blamed on one request. */
  get pendingAtExit(): readonly HostMethodName[] {
    return this.pendingAtExitValue;
  }

  request<M extends HostMethodName>(method: M, params: HostParams<M>, options: HostRequestOptions = {}): Promise<HostResult<M>> {
    if (this.exited) return Promise.reject(new PhareError('MODEL_CRASHED', { detail: 'the inference host is not running' }));
    const id = String(this.nextId++);
    return new Promise<HostResult<M>>((resolve, reject) => {
      const onAbort = () => this.post({ kind: 'abort', id });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        method,
        resolve: resolve as (value: unknown) => void,
        reject,
        onToken: options.onToken,
        cleanup: () => options.signal?.removeEventListener('abort', onAbort),
      });
      this.post({ kind: 'request', id, method, params });
      if (options.signal?.aborted) onAbort();
    });
  }

  /** Asks the host to dispose its models and exit; kills it if it does not within a few seconds. */
  async stop(): Promise<void> {
    if (this.exited) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    this.post({ kind: 'shutdown' });
    const timer = setTimeout(() => this.channel.kill(), SHUTDOWN_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  /** Kills the host at once (pending requests reject with MODEL_CRASHED unless we were stopping). */
  kill(): void {
    if (!this.exited) this.channel.kill();
  }

  private post(message: ParentMessage): void {
    if (this.exited) return;
    if (this.outbox) this.outbox.push(message);
    else this.channel.send(message);
  }

  private receive(raw: unknown): void {
    const parsed = HostMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.log('warn', 'dropped a malformed message from the inference host');
      return;
    }
    const message = parsed.data;
    switch (message.kind) {
      case 'ready': {
        this.pidValue = message.pid;
        const queued = this.outbox ?? [];
        this.outbox = null;
        for (const m of queued) this.channel.send(m);
        return;
      }
      case 'log':
        this.log(message.level, message.message);
        return;
      case 'token':
        this.pending.get(message.id)?.onToken?.(message.delta);
        return;
      case 'response': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        pending.cleanup();
        if (!message.ok) {
          const { code, params } = message.error;
          const errorParams: ErrorParams = params ?? {};
          pending.reject(
            isErrorCode(code) ? new PhareError(code, errorParams) : new PhareError('INTERNAL', { detail: message.error.message }),
          );
          return;
        }
        const result = hostMethods[pending.method].output.safeParse(message.result);
        if (result.success) pending.resolve(result.data);
        else pending.reject(new PhareError('INTERNAL', { detail: `invalid ${pending.method} result from the inference host` }));
        return;
      }
    }
  }

  private handleExit(code: number | null, signal: string | null): void {
    if (this.exited) return;
    this.exited = true;
    this.pendingAtExitValue = [...this.pending.values()].map((p) => p.method);
    const expected = this.stopping;
    const error = expected
      ? new PhareError('CANCELLED')
      : new PhareError('MODEL_CRASHED', { detail: describeExit(code, signal) });
    for (const pending of this.pending.values()) {
      pending.cleanup();
      pending.reject(error);
    }
    this.pending.clear();
    for (const waiter of this.exitWaiters.splice(0)) waiter();
    this.options.onExit?.({ code, signal, expected });
  }

  private log(level: 'error' | 'warn' | 'info', message: string): void {
    if (this.options.onLog) this.options.onLog(level, message);
    else if (level === 'error') console.warn(`[inference host] ${message}`);
  }
}
