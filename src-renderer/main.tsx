/** Entry point: language first (so the first paint is already translated), then events, then data. */
// First import, before any module that creates a schema (zodJitless.ts says why).
import './zodJitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './components/App';
import { initI18n } from './i18n';
import { useAppStore } from './stores/appStore';
import { useLibraryStore } from './stores/libraryStore';
import { useMonitoringStore } from './stores/monitoringStore';
import { wireEvents } from './stores/wireEvents';
import './styles/app.css';

const i18n = initI18n(useAppStore.getState().lang);
wireEvents();
void useAppStore.getState().loadSettings();
void useAppStore.getState().refreshModels();
void useLibraryStore.getState().refresh();
// Firing alerts and the notification setting, for the app-wide alert bar and desktop notifications.
useMonitoringStore.getState().init();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App />
    </I18nextProvider>
  </StrictMode>,
);
