/**
 * Maintenance of a library from the Admin screen or `phare index` / `phare maintenance`: disk usage by
 * part, index rebuilds (one at a time: MAINTENANCE_RUNNING), clearing caches. The reset of a library
 * goes through backup/libraryRestore.ts (applied at the next start, like a restore).
 */
import type { ClearCachesResult, DiskUsage, RebuildResult } from '../../../src-shared/administration';
import { PhareError } from '../../../src-shared/errors';
import type { EventBus } from '../eventBus';
import { clearCaches } from './caches';
import { diskUsage } from './diskUsage';
import { rebuildIndices } from './indexRebuild';

export interface MaintenanceService {
  diskUsage(): Promise<DiskUsage>;
  rebuildIndices(): Promise<RebuildResult>;
  clearCaches(): Promise<ClearCachesResult>;
}

export function createMaintenanceService(deps: {
  dataDir: string;
  modelsDir: string;
  dbPath: string;
  backupsDir: () => string;
  events: EventBus;
  ingesting: () => boolean;
  backupRunning: () => boolean;
}): MaintenanceService {
  let rebuilding: Promise<RebuildResult> | null = null;
  return {
    diskUsage: () => diskUsage({ dataDir: deps.dataDir, modelsDir: deps.modelsDir, backupsDir: deps.backupsDir() }),
    rebuildIndices() {
      if (rebuilding) throw new PhareError('MAINTENANCE_RUNNING');
      rebuilding = rebuildIndices(deps.dbPath, (progress) => deps.events.emit('maintenance.progress', progress)).finally(() => (rebuilding = null));
      return rebuilding.then((result) => {
        console.info(`[maintenance] indices rebuilt: ${result.indices} indices on ${result.tables} tables in ${result.seconds.toFixed(1)} s, ${result.bytesBefore} -> ${result.bytesAfter} bytes`);
        for (const failure of result.failures) console.warn(`[maintenance] ${failure.table} could not be rebuilt: ${failure.detail}`);
        return result;
      });
    },
    clearCaches: () => clearCaches({ dataDir: deps.dataDir, ingesting: deps.ingesting(), backupRunning: deps.backupRunning() }),
  };
}
