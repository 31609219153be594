/**
 * The desktop shell: one window over the core, and nothing else. Everything the app does lives in the
 * core (plain Node); this file only wires Electron's lifecycle, window, menu, protocol and IPC to it.
 * `--data <dir>` chooses another library folder, as in the CLI.
 */
import { join, resolve } from 'node:path';
import { app, BrowserWindow, dialog, Menu, safeStorage, session } from 'electron';
import type { Lang } from '../../src-shared/errors';
import { showAlertNotifications } from './alertNotifications';
import { Core, createCore } from '../core/core';
import { buildAppMenu } from './appMenu';
import { createAppOrigin } from './appOrigin';
import { registerAppScheme, serveAppProtocol } from './appProtocol';
import { dataDirFromArgv, documentPathsFromArgv } from './commandLine';
import { developmentFeatures, refusedDebuggingSwitches } from './developmentFeatures';
import { registerIpcBridge } from './ipcBridge';
import { applySessionSecurity, appSecurityHeaders, hardenWebContents, secureWebPreferences } from './security';
import { createUtilityHostLauncher } from './utilityHostLauncher';
import { openSecretStore } from './safeStorageSecretStore';

// The name decides the user-data folder (~/.config/Phare, %APPDATA%\Phare, ~/Library/Application Support/Phare),
// the same folder the CLI uses by default; set explicitly because package.json's name is lower-case.
app.setName('Phare');
app.setPath('userData', join(app.getPath('appData'), 'Phare'));
// Chromium's own files (cache, local storage) stay out of the library's folder.
app.setPath('sessionData', join(app.getPath('userData'), 'chromium'));
registerAppScheme();

// DevTools and Vite's dev server only when running under the stock Electron binary (developmentFeatures.ts).
const features = developmentFeatures(app.isPackaged, process.env);
const refusedSwitches = refusedDebuggingSwitches(app.isPackaged, process.argv);
const origin = createAppOrigin(features.rendererUrl);
const argvDataDir = dataDirFromArgv(process.argv);
const dataDir = argvDataDir ? resolve(argvDataDir) : app.getPath('userData');

let core: Core | null = null;
let removeIpcBridge: (() => void) | null = null;
let mainWindow: BrowserWindow | null = null;
/** Documents the OS asked us to open (file associations, "Open with") before the core was up. */
const pendingDocuments: string[] = documentPathsFromArgv(process.argv, process.cwd());

/** Adds opened documents to the library, as a drop on the Library screen does. */
function openDocuments(paths: string[]): void {
  if (paths.length === 0) return;
  if (!core) {
    pendingDocuments.push(...paths);
    return;
  }
  void core.dispatch('library.ingestPaths', { paths }).then((result) => {
    if (!result.ok) dialog.showErrorBox('Phare', result.error.message);
  });
}

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 800,
    minHeight: 560,
    title: 'Phare',
    show: false,
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.cjs'), { devTools: features.devTools }),
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(origin.entryUrl);
  return window;
}

async function userLanguage(activeCore: Core): Promise<Lang> {
  const result = await activeCore.dispatch('settings.get', {});
  return result.ok ? (result.value as { language: Lang }).language : 'en';
}

async function start(): Promise<void> {
  await app.whenReady();
  applySessionSecurity(session.defaultSession, origin);
  if (!origin.devServerUrl) serveAppProtocol(join(__dirname, '../renderer'), appSecurityHeaders(origin));

  try {
    // The API key goes to the OS keychain through safeStorage (available once the app is ready).
    const secrets = openSecretStore(dataDir, safeStorage);
    core = await createCore({ dataDir, secrets, hostLauncher: createUtilityHostLauncher(join(__dirname, 'inferenceHost.js')) });
  } catch (error) {
    dialog.showErrorBox('Phare', `Phare could not open its library in ${dataDir}:\n${error instanceof Error ? error.message : String(error)}`);
    app.exit(1);
    return;
  }
  const activeCore = core;
  removeIpcBridge = registerIpcBridge({ dispatch: activeCore.dispatch, events: activeCore.events, origin });
  showAlertNotifications(activeCore, () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  Menu.setApplicationMenu(
    buildAppMenu({
      lang: await userLanguage(activeCore),
      showDevTools: features.devTools,
      addDocuments: async (paths) => {
        const result = await activeCore.dispatch('library.ingestPaths', { paths });
        if (!result.ok) dialog.showErrorBox('Phare', result.error.message);
      },
    }),
  );

  mainWindow = createMainWindow();
  openDocuments(pendingDocuments.splice(0));
  app.on('activate', () => {
    if (!mainWindow) mainWindow = createMainWindow();
  });
}

if (refusedSwitches.length > 0) {
  console.error(`Phare does not start with ${refusedSwitches.map((name) => `--${name}`).join(', ')}: debugging is for development builds only.`);
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  // Another Phare already owns this library (LanceDB and the model host are single-owner): hand over to it.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    openDocuments(documentPathsFromArgv(argv, workingDirectory));
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // macOS hands documents over as events, possibly before the app is ready.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openDocuments([path]);
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, origin));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quitting waits for the core to close its store and stop the model host, in order.
  let disposing = false;
  app.on('before-quit', (event) => {
    if (!core || disposing) return;
    event.preventDefault();
    disposing = true;
    removeIpcBridge?.();
    const closing = core;
    core = null;
    closing
      .dispose()
      .catch((error: unknown) => console.error('[main] dispose failed:', error))
      .finally(() => app.quit());
  });

  start().catch((error: unknown) => {
    console.error('[main] start failed:', error);
    app.exit(1);
  });
}
