/**
 * The access settings the bridge enforces, kept at hand: read through the contract when the bridge
 * starts, and taken again from the answer of every `settings.update` that passes through it, so a
 * changed rate limit counts at the next call without asking the core for its settings at every request.
 */
import type { AccessSettings } from '../../src-shared/domain';
import { SettingsSchema } from '../../src-shared/domain';
import type { CallResult, Dispatch } from '../../src-shared/rpc';
import { ACCESS_SETTINGS_DEFAULTS } from '../../src-shared/settingsDefaults';

export interface AccessSettingsCache {
  get(): AccessSettings;
  /** Called with every call's outcome; only a successful settings.update changes anything. */
  observe(method: string, result: CallResult): void;
}

function accessOf(value: unknown): AccessSettings | null {
  const parsed = SettingsSchema.safeParse(value);
  return parsed.success ? (parsed.data.access ?? ACCESS_SETTINGS_DEFAULTS) : null;
}

export async function loadAccessSettings(dispatch: Dispatch): Promise<AccessSettingsCache> {
  const first = await dispatch('settings.get', {});
  let current: AccessSettings = (first.ok && accessOf(first.value)) || ACCESS_SETTINGS_DEFAULTS;
  return {
    get: () => current,
    observe(method, result) {
      if (method !== 'settings.update' || !result.ok) return;
      current = accessOf(result.value) ?? current;
    },
  };
}
