/**
 * The generic halves of every transport: a dispatcher that validates and routes a call to the core's
 * handlers, and a typed client over any transport. Electron IPC, the HTTP/WebSocket bridge and
 * in-process tests all use these two, so no transport holds per-method glue.
 */
import { ContractHandlers, EventName, EventPayload, events, isEventName, isMethodName, MethodInput, MethodName, MethodOutput, methods } from './contract';
import { ErrorCode, ErrorParams, ErrorValue, formatErrorMessage, isErrorCode, Lang, PhareError, toErrorValue } from './errors';

export type CallResult<T = unknown> = { ok: true; value: T } | { ok: false; error: ErrorValue };

export interface DispatcherOptions {
  /** Language for error messages (the user's setting). */
  lang?: () => Lang;
  /** Called after each call; used to log slow calls. */
  onCallDone?: (method: string, ms: number, error: ErrorValue | null) => void;
}

export type Dispatch = (method: unknown, rawInput: unknown) => Promise<CallResult>;

function describeZodIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

export function createDispatcher(handlers: ContractHandlers, options: DispatcherOptions = {}): Dispatch {
  const lang = options.lang ?? (() => 'en' as Lang);
  return async (method, rawInput) => {
    const started = Date.now();
    const done = (result: CallResult): CallResult => {
      options.onCallDone?.(String(method), Date.now() - started, result.ok ? null : result.error);
      return result;
    };
    if (!isMethodName(method)) {
      return done({ ok: false, error: new PhareError('UNKNOWN_METHOD', { method: String(method).slice(0, 100) }).toValue(lang()) });
    }
    const parsed = methods[method].input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const detail = describeZodIssues(parsed.error.issues);
      return done({ ok: false, error: new PhareError('VALIDATION', { detail }).toValue(lang()) });
    }
    try {
      const handler = handlers[method] as (input: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      // The output is checked too: a handler that breaks the contract is a bug we want to see at once.
      const checked = methods[method].output.safeParse(value);
      if (!checked.success) {
        const detail = `${method} returned an invalid value: ${describeZodIssues(checked.error.issues)}`;
        return done({ ok: false, error: new PhareError('INTERNAL', { detail }).toValue(lang()) });
      }
      return done({ ok: true, value: checked.data });
    } catch (error) {
      return done({ ok: false, error: toErrorValue(error, lang()) });
    }
  };
}

/** What a client needs from a transport: send a call, listen to events. */
export interface ContractTransport {
  call(method: MethodName, input: unknown): Promise<CallResult>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

/** An error returned by a call, with its stable code for translation. */
export class ContractCallError extends Error {
  readonly code: ErrorCode | string;
  readonly params: ErrorParams;
  constructor(value: ErrorValue) {
    super(value.message);
    this.name = 'ContractCallError';
    this.code = value.code;
    this.params = value.params ?? {};
  }
  /** The message in another language, when the code is one we know. */
  localized(lang: Lang): string {
    return isErrorCode(this.code) ? formatErrorMessage(this.code, this.params, lang) : this.message;
  }
}

export interface ContractClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createContractClient(transport: ContractTransport): ContractClient {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let unsubscribe: (() => void) | null = null;
  const ensureSubscribed = () => {
    if (unsubscribe) return;
    unsubscribe = transport.subscribe((event, payload) => {
      if (!isEventName(event)) return;
      const set = listeners.get(event);
      if (!set?.size) return;
      // Events cross a process boundary: validate them like any other input, drop what does not fit.
      const parsed = events[event].safeParse(payload);
      if (!parsed.success) return;
      for (const listener of set) listener(parsed.data);
    });
  };
  return {
    async call(method, input) {
      const result = await transport.call(method, input);
      if (!result.ok) throw new ContractCallError(result.error);
      return result.value as MethodOutput<typeof method>;
    },
    on(event, listener) {
      ensureSubscribed();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
  };
}
