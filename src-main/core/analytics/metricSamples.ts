/**
 * The metrics history as analytics rows: every series, per-minute and per-hour points, read through
 * the history's own store (metrics/historyStore.ts, owned by the monitoring service) on a short-lived
 * connection of its own, so an export never waits behind the minute's history write.
 */
import { HISTORY_SERIES } from '../../../src-shared/monitoring';
import { openHistoryStore, type HistoryRow } from '../metrics/historyStore';

export async function readMetricSamples(dbPath: string, since?: string): Promise<HistoryRow[]> {
  const from = new Date(since ?? 0);
  const history = await openHistoryStore(dbPath);
  try {
    const [minutes, hours] = await Promise.all([history.read(HISTORY_SERIES, '1m', from), history.read(HISTORY_SERIES, '1h', from)]);
    return [...minutes, ...hours];
  } finally {
    await history.close();
  }
}
