/**
 * A separate inference host for fit estimates. node-llama-cpp's resolver simulates loading the file
 * with its native code, and a file that passes our header checks can still abort llama.cpp there:
 * in the host that serves chat and embeddings that would kill a running answer just because someone
 * opened the model list. So estimates run in their own host, started on demand and stopped when idle;
 * a file whose estimate killed it is not estimated again until it changes.
 */
import { stat } from 'node:fs/promises';
import type { GpuChoice } from '../../../../src-shared/domain';
import { PhareError } from '../../../../src-shared/errors';
import { InferenceHost } from '../inferenceHost';
import type { HostParams } from '../host/hostProtocol';
import type { HostLauncher } from '../types';
import type { ResourceEstimate } from './modelFit';

export interface FitEstimatorOptions {
  launcher: HostLauncher;
  onLog?: (level: 'error' | 'warn' | 'info', message: string) => void;
  /** Stop the host after this long without an estimate (it holds a llama.cpp backend in memory). */
  idleMs?: number;
}

export interface FitEstimator {
  /** Starts (or reuses) the estimator host on this backend: resolves with the backend in use, or rejects (BACKEND_UNAVAILABLE). */
  checkBackend(gpu: GpuChoice): Promise<string>;
  /** The estimate and the backend it was made for; rejects when it cannot be made (the fit is then unknown). */
  estimate(params: HostParams<'estimate'>, hardware: { gpu: GpuChoice }): Promise<{ estimate: ResourceEstimate; backend: string }>;
  dispose(): Promise<void>;
}

const DEFAULT_IDLE_MS = 30_000;

async function stampOf(path: string): Promise<string> {
  try {
    const s = await stat(path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

export function createFitEstimator(options: FitEstimatorOptions): FitEstimator {
  let host: InferenceHost | null = null;
  let ready: Promise<{ host: InferenceHost; backend: string }> | null = null;
  let readyGpu: GpuChoice | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let disposed = false;
  /** Files whose estimate killed the host, with the stamp they had then. */
  const crashed = new Map<string, string>();

  function stop(): void {
    const old = host;
    host = null;
    ready = null;
    readyGpu = null;
    void old?.stop();
  }

  function armIdleTimer(): void {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(stop, options.idleMs ?? DEFAULT_IDLE_MS);
    idleTimer.unref();
  }

  function ensure(gpu: GpuChoice): Promise<{ host: InferenceHost; backend: string }> {
    if (host?.alive && ready && readyGpu === gpu) return ready;
    stop();
    // One thread: an estimate computes sizes, it does not evaluate anything.
    const created = new InferenceHost({ launcher: options.launcher, onLog: options.onLog ?? (() => undefined) });
    host = created;
    readyGpu = gpu;
    ready = created.request('init', { gpu, threads: 1 }).then(({ backend }) => ({ host: created, backend }));
    ready.catch(() => {
      if (host === created) stop();
    });
    return ready;
  }

  return {
    async checkBackend(gpu) {
      if (disposed) throw new PhareError('CANCELLED');
      armIdleTimer();
      return (await ensure(gpu)).backend;
    },

    async estimate(params, hardware) {
      if (disposed) throw new PhareError('CANCELLED');
      const stamp = await stampOf(params.path);
      if (crashed.get(params.path) === stamp) throw new PhareError('MODEL_CRASHED', { detail: 'this file aborted the estimate before' });
      armIdleTimer();
      const live = await ensure(hardware.gpu);
      try {
        return { estimate: await live.host.request('estimate', params), backend: live.backend };
      } catch (error) {
        if (error instanceof PhareError && error.code === 'MODEL_CRASHED' && !live.host.alive) {
          crashed.set(params.path, stamp);
          if (host === live.host) stop();
        }
        throw error;
      } finally {
        armIdleTimer();
      }
    },

    async dispose() {
      disposed = true;
      if (idleTimer) clearTimeout(idleTimer);
      const old = host;
      host = null;
      ready = null;
      await old?.stop();
    },
  };
}
