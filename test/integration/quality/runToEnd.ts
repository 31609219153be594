/** Runs an analysis through the contract and waits for its end (quality.run events). */
import type { AnalysisRun } from '../../../src-shared/quality';
import type { ContractClient } from '../../../src-shared/rpc';

/** Starts a run and resolves with it once it has ended, with every progress value seen. */
export async function runToEnd(client: ContractClient): Promise<{ run: AnalysisRun; progress: number[] }> {
  const progress: number[] = [];
  let id: string | null = null;
  const early: AnalysisRun[] = [];
  const ended = new Promise<AnalysisRun>((resolve) => {
    client.on('quality.run', (r) => {
      if (id === null) early.push(r);
      else if (r.id === id) {
        progress.push(r.progress);
        if (r.status !== 'running') resolve(r);
      }
    });
  });
  const started = await client.call('quality.run', {});
  id = started.id;
  const finished = early.filter((r) => r.id === id).find((r) => r.status !== 'running');
  for (const r of early.filter((e) => e.id === id)) progress.push(r.progress);
  return { run: finished ?? (await ended), progress };
}

