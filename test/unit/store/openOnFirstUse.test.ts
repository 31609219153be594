/** store/openOnFirstUse.ts: a store opened by its first call, once, and closed only if it was opened. */
import { describe, expect, it } from 'vitest';
import { openOnFirstUse } from '../../../src-main/core/store/openOnFirstUse';

interface Store {
  get(key: string): Promise<string>;
  put(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}

function fakeStore() {
  const data = new Map<string, string>();
  const counts = { opened: 0, closed: 0 };
  const open = async (): Promise<Store> => {
    counts.opened++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return {
      get: async (key) => data.get(key) ?? '',
      put: async (key, value) => void data.set(key, value),
      close: async () => void counts.closed++,
    };
  };
  return { open, counts };
}

describe('openOnFirstUse', () => {
  it('opens at the first call, once for calls made together, and forwards arguments and results', async () => {
    const { open, counts } = fakeStore();
    const store = openOnFirstUse(open, { get: true, put: true });
    expect(counts.opened).toBe(0);
    await Promise.all([store.put('a', '1'), store.put('b', '2'), store.get('a')]);
    expect(counts.opened).toBe(1);
    expect(await store.get('b')).toBe('2');
    await store.close();
    expect(counts.closed).toBe(1);
  });

  it('closing a store never used opens nothing', async () => {
    const { open, counts } = fakeStore();
    await openOnFirstUse(open, { get: true, put: true }).close();
    expect(counts).toEqual({ opened: 0, closed: 0 });
  });

  it('an opening that fails fails the calls, and closing after it does not throw', async () => {
    const store = openOnFirstUse<Store>(() => Promise.reject(new Error('table damaged')), { get: true, put: true });
    await expect(store.get('a')).rejects.toThrow('table damaged');
    await expect(store.close()).resolves.toBeUndefined();
  });
});
