/**
 * Temporary folders that a test file's helpers make, removed when the file's tests are over
 * (`test/setupTempDirs.ts`), so that runs do not leave a library per test behind in the temp folder.
 * A test may still close a core and open another on the same folder: nothing is removed before the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();

export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}
