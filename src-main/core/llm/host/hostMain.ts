/**
 * Entry point of the inference host process. Works both when forked by Node's child_process
 * (process.on('message') / process.send) and as an Electron utilityProcess (process.parentPort),
 * without importing electron. Every incoming message is validated; malformed ones are dropped.
 */
import { toErrorValue } from '../../../../src-shared/errors';
import { ParentMessageSchema, hostMethods, isHostMethodName, type HostMessage } from './hostProtocol';
import { createHostRuntime } from './hostRuntime';

/** The slice of Electron's parentPort we use, typed here so the core never imports electron. */
interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

interface Transport {
  send(message: HostMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}

function detectTransport(): Transport {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  if (typeof process.send === 'function') {
    // The parent is gone: nothing will ever ask us anything again.
    process.on('disconnect', () => process.exit(0));
    return {
      send: (message) => {
        if (process.connected) process.send?.(message);
      },
      onMessage: (listener) => process.on('message', listener),
    };
  }
  throw new Error('The inference host must be started by the app (no IPC channel).');
}

/**
 * Run from source, this process was started with `--import tsx`. node-llama-cpp forks a helper to
 * test its native binary, and a fork inherits execArgv: that helper is plain JS, and loading tsx
 * into it cost seconds on every host start (measured: getLlama 7-8 s with it, 3 s without).
 */
function dropTsxFromExecArgv(): void {
  const args = process.execArgv;
  for (let i = args.length - 1; i >= 0; i--) {
    if (args[i] === '--import' && /tsx/.test(args[i + 1] ?? '')) args.splice(i, 2);
    else if (/^--import=.*tsx/.test(args[i])) args.splice(i, 1);
  }
}

dropTsxFromExecArgv();
const transport = detectTransport();
const runtime = createHostRuntime((level, message) => transport.send({ kind: 'log', level, message }));
const running = new Map<string, AbortController>();

async function handleRequest(id: string, method: string, rawParams: unknown): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  try {
    if (!isHostMethodName(method)) {
      transport.send({ kind: 'response', id, ok: false, error: toErrorValue({ code: 'UNKNOWN_METHOD', params: { method } }) });
      return;
    }
    const parsed = hostMethods[method].input.safeParse(rawParams);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      transport.send({ kind: 'response', id, ok: false, error: toErrorValue({ code: 'VALIDATION', params: { detail } }) });
      return;
    }
    const result = await runtime.handle(method, parsed.data as never, {
      signal: controller.signal,
      onToken: (delta) => transport.send({ kind: 'token', id, delta }),
    });
    transport.send({ kind: 'response', id, ok: true, result });
  } catch (error) {
    transport.send({ kind: 'response', id, ok: false, error: toErrorValue(error) });
  } finally {
    running.delete(id);
  }
}

transport.onMessage((raw) => {
  const parsed = ParentMessageSchema.safeParse(raw);
  if (!parsed.success) {
    transport.send({ kind: 'log', level: 'warn', message: 'inference host: dropped a malformed message' });
    return;
  }
  const message = parsed.data;
  switch (message.kind) {
    case 'request':
      void handleRequest(message.id, message.method, message.params);
      break;
    case 'abort':
      running.get(message.id)?.abort();
      break;
    case 'shutdown':
      for (const controller of running.values()) controller.abort();
      void runtime
        .dispose()
        .catch(() => undefined)
        .finally(() => process.exit(0));
      break;
  }
});

transport.send({ kind: 'ready', pid: process.pid });
