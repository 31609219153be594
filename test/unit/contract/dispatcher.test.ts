import { describe, expect, it } from 'vitest';
import { ContractHandlers, methodNames } from '../../../src-shared/contract';
import { PhareError } from '../../../src-shared/errors';
import { ContractCallError, createContractClient, createDispatcher } from '../../../src-shared/rpc';

/** Handlers that fail loudly if called: these tests are about what happens before and after a handler. */
function handlersWith(overrides: Partial<ContractHandlers>): ContractHandlers {
  const base = Object.fromEntries(
    methodNames.map((name) => [name, async () => { throw new Error(`unexpected call to ${name}`); }]),
  ) as unknown as ContractHandlers;
  return { ...base, ...overrides };
}

describe('contract dispatcher', () => {
  it('rejects an unknown method with UNKNOWN_METHOD', async () => {
    const dispatch = createDispatcher(handlersWith({}));
    const result = await dispatch('library.drop', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('rejects invalid input with VALIDATION before the handler runs', async () => {
    let called = false;
    const dispatch = createDispatcher(handlersWith({ 'library.get': async () => { called = true; throw new Error('no'); } }));
    const result = await dispatch('library.get', { id: 42 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('VALIDATION');
      expect(result.error.message).toContain('id');
    }
    expect(called).toBe(false);
  });

  it('turns a PhareError into a {code, message} value in the requested language', async () => {
    const dispatch = createDispatcher(
      handlersWith({ 'library.get': async ({ id }) => { throw new PhareError('NOT_FOUND', { what: id }); } }),
      { lang: () => 'fr' },
    );
    const result = await dispatch('library.get', { id: 'abc' });
    expect(result).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Introuvable : abc', params: { what: 'abc' } } });
  });

  it('never leaks a stack trace for unexpected errors', async () => {
    const dispatch = createDispatcher(handlersWith({ 'settings.get': async () => { throw new TypeError('boom'); } }));
    const result = await dispatch('settings.get', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!result.ok) expect(result.error.message).not.toMatch(/\n\s+at /);
  });

  it('checks outputs against the contract', async () => {
    const dispatch = createDispatcher(handlersWith({ 'library.remove': async () => ({ removed: 'yes' }) as never }));
    const result = await dispatch('library.remove', { id: 'x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('gives the client typed values and typed errors', async () => {
    const dispatch = createDispatcher(
      handlersWith({
        'chat.cancel': async ({ requestId }) => ({ cancelled: requestId === 'r1' }),
        'library.get': async () => { throw new PhareError('NOT_FOUND', { what: 'doc' }); },
      }),
    );
    const client = createContractClient({ call: dispatch, subscribe: () => () => {} });
    await expect(client.call('chat.cancel', { requestId: 'r1' })).resolves.toEqual({ cancelled: true });
    const error = await client.call('library.get', { id: 'doc' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractCallError);
    expect((error as ContractCallError).code).toBe('NOT_FOUND');
    expect((error as ContractCallError).localized('fr')).toBe('Introuvable : doc');
  });

  it('delivers only valid events to client listeners', async () => {
    let emit: (event: string, payload: unknown) => void = () => {};
    const client = createContractClient({
      call: async () => ({ ok: true, value: null }),
      subscribe: (listener) => { emit = listener; return () => {}; },
    });
    const received: string[] = [];
    client.on('chat.token', (p) => received.push(p.delta));
    emit('chat.token', { requestId: 'r', delta: 'Bon' });
    emit('chat.token', { requestId: 'r', delta: 3 });
    emit('not.an.event', { requestId: 'r', delta: 'x' });
    emit('chat.token', { requestId: 'r', delta: 'jour' });
    expect(received).toEqual(['Bon', 'jour']);
  });
});
