/**
 * The in-process transport: a typed contract client straight over a core's dispatcher and event bus.
 * Tests and the CLI use it; it goes through the same validation as IPC and HTTP.
 */
import { ContractClient, createContractClient } from '../../src-shared/rpc';
import type { Core } from './core';

export function createInProcessClient(core: Pick<Core, 'dispatch' | 'events'>): ContractClient {
  return createContractClient({
    call: (method, input) => core.dispatch(method, input),
    subscribe: (listener) => core.events.onAny(listener),
  });
}
