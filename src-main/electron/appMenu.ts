/**
 * The application menu. "Add documents…" opens the system file dialog in the main process and starts
 * an ingestion job through the contract, exactly as a drop on the Library screen does; progress reaches
 * the renderer as ordinary `ingest.progress` events.
 */
import { BrowserWindow, dialog, Menu, MenuItemConstructorOptions } from 'electron';
import { SUPPORTED_EXTENSIONS } from '../../src-shared/documentFormats';
import type { Lang } from '../../src-shared/errors';

const labels = {
  en: { file: 'File', addDocuments: 'Add documents…', documents: 'Documents', allFiles: 'All files' },
  fr: { file: 'Fichier', addDocuments: 'Ajouter des documents…', documents: 'Documents', allFiles: 'Tous les fichiers' },
} as const;

/** What the ingestion pipeline reads (the shared table); the dialog offers them first but does not forbid others. */
const DOCUMENT_EXTENSIONS = SUPPORTED_EXTENSIONS.map((extension) => extension.slice(1));

export interface AppMenuOptions {
  lang: Lang;
  /** Starts ingesting the chosen files. */
  addDocuments(paths: string[]): Promise<void>;
  showDevTools: boolean;
}

export function buildAppMenu(options: AppMenuOptions): Menu {
  const t = labels[options.lang];
  const pickDocuments = async (window: BrowserWindow | undefined) => {
    const dialogOptions = {
      properties: ['openFile', 'multiSelections'] as Array<'openFile' | 'multiSelections'>,
      filters: [
        { name: t.documents, extensions: DOCUMENT_EXTENSIONS },
        { name: t.allFiles, extensions: ['*'] },
      ],
    };
    const result = window ? await dialog.showOpenDialog(window, dialogOptions) : await dialog.showOpenDialog(dialogOptions);
    if (!result.canceled && result.filePaths.length > 0) await options.addDocuments(result.filePaths);
  };

  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: t.file,
      submenu: [
        {
          label: t.addDocuments,
          accelerator: 'CmdOrCtrl+O',
          click: (_item, window) => void pickDocuments(window instanceof BrowserWindow ? window : undefined),
        },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      role: 'viewMenu',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(options.showDevTools ? [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }] : []),
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}

