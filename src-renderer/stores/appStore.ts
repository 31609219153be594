/**
 * App-wide UI state: the language, the current screen, the model status, the event link's state and
 * the errors shown to the user (kept as values, translated when rendered).
 */
import { create } from 'zustand';
import type { ModelsStatus } from '../../src-shared/domain';
import type { Lang } from '../../src-shared/errors';
import { setLanguage, systemLanguage } from '../i18n';
import { toUiError, type UiError } from '../lib/localizeError';
import { client } from '../transport/client';
import type { ConnectionState } from '../transport/appTransport';

export type Screen = 'library' | 'chat' | 'models' | 'settings' | 'feedback' | 'quality' | 'monitoring' | 'admin';

/** The screens in navigation order: Alt+1 opens the first, Alt+2 the second, and so on. */
export const SCREENS: readonly Screen[] = ['library', 'chat', 'models', 'settings', 'feedback', 'quality', 'monitoring', 'admin'];

/**
 * Marks that the user picked a language in this client. Until they do, the UI follows the system or
 * browser language (the server's stored default is the server machine's language, which may differ
 * from the person's in front of the browser); once they do, the setting stored by the core wins.
 */
const CHOSEN_KEY = 'phare.languageChosen';

function languageWasChosen(): boolean {
  try {
    return localStorage.getItem(CHOSEN_KEY) === '1';
  } catch {
    return false;
  }
}

export interface ShownError extends UiError {
  id: number;
}

interface AppState {
  lang: Lang;
  screen: Screen;
  models: ModelsStatus | null;
  connection: ConnectionState;
  errors: ShownError[];
  setScreen(screen: Screen): void;
  chooseLanguage(lang: Lang): Promise<void>;
  loadSettings(): Promise<void>;
  refreshModels(): Promise<void>;
  setModels(models: ModelsStatus): void;
  setConnection(state: ConnectionState): void;
  reportError(error: unknown): void;
  dismissError(id: number): void;
}

let nextErrorId = 1;

export const useAppStore = create<AppState>()((set, get) => ({
  lang: systemLanguage(),
  screen: 'library',
  models: null,
  connection: 'connecting',
  errors: [],

  setScreen: (screen) => set({ screen }),

  async chooseLanguage(lang) {
    set({ lang });
    await setLanguage(lang);
    try {
      localStorage.setItem(CHOSEN_KEY, '1');
    } catch {
      // Storage may be disabled; the setting on the server still records the choice.
    }
    try {
      await client.call('settings.update', { language: lang });
    } catch (error) {
      get().reportError(error);
    }
  },

  async loadSettings() {
    if (!languageWasChosen()) return;
    try {
      const settings = await client.call('settings.get', {});
      if (settings.language !== get().lang) {
        set({ lang: settings.language });
        await setLanguage(settings.language);
      }
    } catch (error) {
      get().reportError(error);
    }
  },

  async refreshModels() {
    try {
      set({ models: await client.call('models.status', {}) });
    } catch (error) {
      get().reportError(error);
    }
  },

  setModels: (models) => set({ models }),
  setConnection: (connection) => set({ connection }),

  reportError(error) {
    const shown: ShownError = { ...toUiError(error), id: nextErrorId++ };
    // Keep the last few: a storm of identical failures must not bury the screen.
    set((s) => ({ errors: [...s.errors.filter((e) => e.message !== shown.message), shown].slice(-4) }));
  },

  dismissError: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),
}));
