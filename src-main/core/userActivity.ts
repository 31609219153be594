/**
 * What the user is waiting for right now (questions being answered). Background work that competes
 * for the model (the quality judge) and work that should not start under the user's hands (a catch-up
 * analysis run) ask here: they wait for a quiet moment, and stop when the user starts something.
 */
export interface UserActivity {
  /** Runs a user-facing task, counting it as activity for its whole duration. */
  track<T>(task: () => Promise<T>): Promise<T>;
  busy(): boolean;
  /** Milliseconds since the last user task ended (0 while one runs). */
  quietFor(): number;
  /** Resolves once no user task has run for `quietMs` (rejects with the signal's reason on abort). */
  whenIdle(options?: { quietMs?: number; signal?: AbortSignal }): Promise<void>;
  /** Called each time a user task starts. */
  onBusy(listener: () => void): () => void;
}

const POLL_MS = 250;

export function createUserActivity(clock: () => number = Date.now): UserActivity {
  let running = 0;
  let lastEnded = Number.NEGATIVE_INFINITY;
  const listeners = new Set<() => void>();
  const activity: UserActivity = {
    async track(task) {
      running++;
      for (const listener of [...listeners]) listener();
      try {
        return await task();
      } finally {
        running--;
        lastEnded = clock();
      }
    },
    busy: () => running > 0,
    quietFor: () => (running > 0 ? 0 : clock() - lastEnded),
    whenIdle({ quietMs = 0, signal } = {}) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (signal?.aborted) return reject(signal.reason);
          if (running === 0 && activity.quietFor() >= quietMs) return resolve();
          setTimeout(check, POLL_MS).unref?.();
        };
        check();
      });
    },
    onBusy(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return activity;
}
