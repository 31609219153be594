/**
 * The core's typed event bus. Services emit contract events here; transports forward every event
 * to their clients with `onAny`. Services never call a transport directly.
 */
import type { EventName, EventPayload } from '../../src-shared/contract';

type AnyListener = (event: EventName, payload: unknown) => void;

export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  onAny(listener: AnyListener): () => void;
}

export function createEventBus(): EventBus {
  const anyListeners = new Set<AnyListener>();
  return {
    emit(event, payload) {
      for (const listener of [...anyListeners]) {
        try {
          listener(event, payload);
        } catch (error) {
          // A faulty listener (a closed socket, say) must not break the service that emitted.
          console.error(`[events] listener for ${event} failed:`, error);
        }
      }
    },
    on(event, listener) {
      const wrapped: AnyListener = (name, payload) => {
        if (name === event) listener(payload as EventPayload<typeof event>);
      };
      anyListeners.add(wrapped);
      return () => anyListeners.delete(wrapped);
    },
    onAny(listener) {
      anyListeners.add(listener);
      return () => anyListeners.delete(listener);
    },
  };
}
