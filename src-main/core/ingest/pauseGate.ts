/**
 * What a paused job's files wait on at their safe points (between pipeline stages, between PDF pages,
 * between embedding batches): `wait` resolves at once while the job runs, otherwise when it is
 * resumed. A cancel (the job's AbortSignal) ends the wait at once with CANCELLED, paused or not, so
 * a paused job can still be cancelled.
 */
import { PhareError } from '../../../src-shared/errors';

/** The part of a gate the pipeline sees: where work stops while its job is paused. */
export interface PausePoint {
  wait(signal?: AbortSignal): Promise<void>;
}

export class PauseGate implements PausePoint {
  private isPaused = false;
  private readonly waiters = new Set<() => void>();

  get paused(): boolean {
    return this.isPaused;
  }

  pause(): void {
    this.isPaused = true;
  }

  /** Opens the gate: every file waiting goes on. */
  resume(): void {
    this.isPaused = false;
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const release of waiting) release();
  }

  wait(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new PhareError('CANCELLED'));
    if (!this.isPaused) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.waiters.delete(release);
        reject(new PhareError('CANCELLED'));
      };
      const release = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiters.add(release);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
