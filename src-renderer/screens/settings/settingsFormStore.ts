/**
 * The Settings screen's state: the settings as the core last returned them, the draft being edited,
 * and the outcome of the last save. Kept in a store rather than the component, so edits not yet saved
 * survive a visit to another screen (and the "unsaved changes" mark stays true).
 */
import { create } from 'zustand';
import type { Settings } from '../../../src-shared/domain';
import { ANSWER_SETTINGS_DEFAULTS, INGESTION_SETTINGS_DEFAULTS } from '../../../src-shared/settingsDefaults';
import { toUiError, type UiError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { client } from '../../transport/client';
import { draftOf, hasErrors, isDirty, patchOf, validateDraft, type SettingsDraft, type SettingsPatch } from './settingsForm';

export type SaveOutcome = 'saved' | 'reset' | null;

interface SettingsFormState {
  saved: Settings | null;
  draft: SettingsDraft | null;
  busy: boolean;
  /** What the last save did, shown until the next edit. */
  outcome: SaveOutcome;
  /** The core's refusal of the last load or save, translated when shown. */
  error: UiError | null;
  load(): Promise<void>;
  edit(patch: Partial<SettingsDraft>): void;
  /** Shows an untouched form again with the language's decimal separator. */
  relocalize(): void;
  save(): Promise<void>;
  resetToDefaults(): Promise<void>;
}

const lang = () => useAppStore.getState().lang;

export const useSettingsFormStore = create<SettingsFormState>()((set, get) => {
  /** Sends a patch; on success the form shows exactly what the core kept. */
  async function send(patch: SettingsPatch, outcome: SaveOutcome) {
    set({ busy: true, error: null, outcome: null });
    try {
      const settings = await client.call('settings.update', patch);
      set({ saved: settings, draft: draftOf(settings, lang()), outcome });
    } catch (error) {
      set({ error: toUiError(error) });
    } finally {
      set({ busy: false });
    }
  }

  return {
    saved: null,
    draft: null,
    busy: false,
    outcome: null,
    error: null,

    async load() {
      try {
        const settings = await client.call('settings.get', {});
        const { draft, saved } = get();
        // Edits in progress are kept; an untouched form follows what is saved now.
        const keepDraft = draft !== null && saved !== null && isDirty(draft, saved);
        set({ saved: settings, draft: keepDraft ? draft : draftOf(settings, lang()), error: null });
      } catch (error) {
        set({ error: toUiError(error) });
      }
    },

    edit(patch) {
      const { draft } = get();
      if (draft) set({ draft: { ...draft, ...patch }, outcome: null });
    },

    relocalize() {
      const { draft, saved } = get();
      if (draft && saved && !isDirty(draft, saved)) set({ draft: draftOf(saved, lang()) });
    },

    async save() {
      const { draft, busy } = get();
      if (!draft || busy || hasErrors(validateDraft(draft))) return;
      await send(patchOf(draft), 'saved');
    },

    async resetToDefaults() {
      if (get().busy) return;
      await send({ ...ANSWER_SETTINGS_DEFAULTS, ...INGESTION_SETTINGS_DEFAULTS, ocrLanguages: [...INGESTION_SETTINGS_DEFAULTS.ocrLanguages] }, 'reset');
    },
  };
});
