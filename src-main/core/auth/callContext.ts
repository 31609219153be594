/**
 * Who is making the current call, for the services that record it (the quality audit log). The HTTP
 * bridge runs each call of a signed-in account inside `runAsActor`; the services read `currentActor()`.
 * AsyncLocalStorage carries it through every await of the call without changing the contract's handlers
 * or the dispatcher: a call with no actor (the desktop app, the CLI, a local server's owner) records what
 * it always did.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface CallContext {
  actor: string;
}

const storage = new AsyncLocalStorage<CallContext>();

export function runAsActor<T>(actor: string, call: () => Promise<T>): Promise<T> {
  return storage.run({ actor }, call);
}

/** The actor of the call in progress, or `fallback` when the call came without one. */
export function currentActor(fallback: string): string {
  return storage.getStore()?.actor ?? fallback;
}
