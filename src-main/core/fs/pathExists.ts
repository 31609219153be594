import { stat } from 'node:fs/promises';

/** Whether something (file or folder) is at `path`; an unreadable parent counts as absent. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
