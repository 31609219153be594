/**
 * The user's settings, saved as JSON in the data directory. Overrides (a CLI's --model, say) apply on
 * top without being saved. A damaged file never stops the app: it is set aside and defaults are used.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { Settings, SettingsSchema } from '../../../src-shared/domain';
import { PhareError } from '../../../src-shared/errors';
import { tightenFileSync, writePrivateFileSync } from '../fs/privateFiles';
import { defaultSettings } from './defaultSettings';

export interface SettingsStore {
  /** Saved settings with the overrides applied. */
  get(): Settings;
  /** Validates, saves and returns the new effective settings. */
  update(patch: Partial<Settings>): Settings;
}

export function openSettingsStore(dataDir: string, overrides: Partial<Settings> = {}): SettingsStore {
  const file = join(dataDir, 'settings.json');
  // It may hold the remote server's API key: owner-only, also when an older version wrote it 0644.
  tightenFileSync(file);
  let saved = readSaved(file);

  return {
    get: () => ({ ...saved, ...overrides }),
    update(patch) {
      const next = SettingsSchema.safeParse({ ...saved, ...patch });
      if (!next.success) {
        throw new PhareError('VALIDATION', { detail: next.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      }
      saved = next.data;
      // Write then rename, so a crash mid-write never leaves a half-written settings file; the
      // temporary file is owner-only and the rename keeps its mode.
      writePrivateFileSync(`${file}.tmp`, JSON.stringify(saved, null, 2));
      renameSync(`${file}.tmp`, file);
      // An explicit update of an overridden key wins for the rest of this session.
      for (const key of Object.keys(patch) as (keyof Settings)[]) delete overrides[key];
      return { ...saved, ...overrides };
    },
  };
}

function readSaved(file: string): Settings {
  const defaults = defaultSettings();
  if (!existsSync(file)) return defaults;
  try {
    const parsed = SettingsSchema.partial().safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return { ...defaults, ...stripUndefined(parsed.data) };
  } catch {
    // fall through: unreadable JSON
  }
  renameSync(file, `${file}.damaged-${Date.now()}`);
  console.warn(`[settings] ${file} was damaged; it was set aside and defaults are used.`);
  return defaults;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
