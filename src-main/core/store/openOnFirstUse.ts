/**
 * A store opened at its first call rather than at the start: a one-shot CLI command opens only the
 * tables it reads (`phare docs list` has no use for the metrics history). Every method of the store
 * returns a promise, so each one can wait for the opening; `close()` of a store never opened does
 * nothing. An opening that fails fails the calls that needed it, not the start. `methods` names every
 * method but `close` (the compiler checks that none is missing).
 */
type AsyncMethod = (...args: never[]) => Promise<unknown>;
type AsyncStore = { close(): Promise<void> } & Record<string, AsyncMethod>;

export function openOnFirstUse<T extends { close(): Promise<void> }>(open: () => Promise<T>, methods: { [K in Exclude<keyof T, 'close'>]: T[K] extends AsyncMethod ? true : never }): T {
  let opened: Promise<T> | null = null;
  const store: Record<string, unknown> = {
    close: async () => {
      if (opened) await (await opened.catch(() => null))?.close();
    },
  };
  for (const method of Object.keys(methods)) {
    store[method] = async (...args: never[]) => {
      const target = (await (opened ??= open())) as unknown as AsyncStore;
      return target[method](...args);
    };
  }
  return store as T;
}
