/** The shell: header with navigation and language, the current screen, errors, and the status bar. */
import { useEffect, useRef } from 'react';
import { SCREENS, useAppStore } from '../stores/appStore';
import { useLibraryStore } from '../stores/libraryStore';
import { ChatScreen } from '../screens/chat/ChatScreen';
import { FeedbackScreen } from '../screens/feedback/FeedbackScreen';
import { QualityScreen } from '../screens/quality/QualityScreen';
import { MonitoringScreen } from '../screens/monitoring/MonitoringScreen';
import { AdminScreen } from '../screens/admin/AdminScreen';
import { LibraryScreen } from '../screens/library/LibraryScreen';
import { ModelsScreen } from '../screens/models/ModelsScreen';
import { SettingsScreen } from '../screens/settings/SettingsScreen';
import { useModelsStore } from '../stores/modelsStore';
import { DocumentViewer } from '../screens/viewer/DocumentViewer';
import { DropOverlay } from './DropOverlay';
import { ErrorList } from './ErrorList';
import { FiringAlertsBar } from './FiringAlertsBar';
import { Header } from './Header';
import { StatusBar } from './StatusBar';
import { useWindowDrop } from './useWindowDrop';

export function App() {
  const screen = useAppStore((s) => s.screen);
  const setScreen = useAppStore((s) => s.setScreen);
  const ingestFiles = useLibraryStore((s) => s.ingestFiles);
  // Files may be dropped on any screen; the import shows on the Library, so go there.
  const dragging = useWindowDrop((files, entries) => {
    // On the Models screen a dropped .gguf is a model to import, not a document.
    if (screen === 'models') return void useModelsStore.getState().importFiles(files);
    setScreen('library');
    void ingestFiles(files, entries);
  });

  // After a screen change, keyboard and screen-reader users land on the new screen, not on the nav.
  // (The Chat screen puts the focus in its question box itself.)
  const firstScreen = useRef(true);
  useEffect(() => {
    if (firstScreen.current) {
      firstScreen.current = false;
      return;
    }
    if (screen === 'library') document.getElementById('library-title')?.focus();
    if (screen === 'models') document.getElementById('models-title')?.focus();
    if (screen === 'settings') document.getElementById('settings-title')?.focus();
    if (screen === 'feedback') document.getElementById('feedback-title')?.focus();
    if (screen === 'quality') document.getElementById('quality-title')?.focus();
    if (screen === 'monitoring') document.getElementById('monitoring-title')?.focus();
    if (screen === 'admin') document.getElementById('admin-title')?.focus();
  }, [screen]);

  useEffect(() => {
    // Alt+1 to Alt+8 switch screens from anywhere, including from inside the question box.
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const target = /^[1-9]$/.test(e.key) ? SCREENS[Number(e.key) - 1] : undefined;
      if (!target) return;
      setScreen(target);
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setScreen]);

  return (
    <div className="app">
      <Header />
      <ErrorList />
      <FiringAlertsBar />
      <main className="app-main" id="main">
        {screen === 'library' ? (
          <LibraryScreen />
        ) : screen === 'models' ? (
          <ModelsScreen />
        ) : screen === 'settings' ? (
          <SettingsScreen />
        ) : screen === 'feedback' ? (
          <FeedbackScreen />
        ) : screen === 'quality' ? (
          <QualityScreen />
        ) : screen === 'monitoring' ? (
          <MonitoringScreen />
        ) : screen === 'admin' ? (
          <AdminScreen />
        ) : (
          <ChatScreen />
        )}
      </main>
      <StatusBar />
      {dragging && <DropOverlay />}
      <DocumentViewer />
    </div>
  );
}
