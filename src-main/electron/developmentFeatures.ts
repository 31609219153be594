/**
 * What only a development build may do, decided in one place from `app.isPackaged`. Electron computes
 * that flag from the executable's name: false only when it is `electron` (`electron.exe`), i.e. when the
 * app runs under the stock binary (`npm start`, `electron-vite dev`); the installers name it `phare`
 * (`Phare` on macOS), so every packaged build is "packaged". A packaged app gets:
 * - no DevTools: no menu entry, and `devTools: false` in every window's preferences, which also
 *   disables the keyboard shortcut and `webContents.openDevTools()`;
 * - no renderer from `ELECTRON_RENDERER_URL` (Vite's dev server): the app's own files only;
 * - no start with a Chromium switch that opens the DevTools protocol to other programs (the fuses
 *   already make it ignore `--inspect` and `NODE_OPTIONS`; these are Chromium's own).
 */
export interface DevelopmentFeatures {
  /** The View menu's Reload / Toggle DevTools entries and the windows' `devTools` preference. */
  devTools: boolean;
  /** Where the renderer comes from instead of the app's files (electron-vite dev), or null. */
  rendererUrl: string | null;
}

export function developmentFeatures(isPackaged: boolean, env: NodeJS.ProcessEnv): DevelopmentFeatures {
  if (isPackaged) return { devTools: false, rendererUrl: null };
  return { devTools: true, rendererUrl: env.ELECTRON_RENDERER_URL || null };
}

/** Chromium switches that expose the renderer to a debugger: refused by a packaged app. */
const DEBUGGING_SWITCHES = ['remote-debugging-port', 'remote-debugging-pipe', 'auto-open-devtools-for-tabs'];

/**
 * The debugging switches found in `argv`, spelt as Chromium accepts them (`--name`, `-name`, `/name` on
 * Windows, any case, with or without `=value`); always none in development.
 */
export function refusedDebuggingSwitches(isPackaged: boolean, argv: readonly string[]): string[] {
  if (!isPackaged) return [];
  const given = argv.map((arg) => /^(?:--?|\/)([a-z0-9-]+)(?:=|$)/i.exec(arg)?.[1]?.toLowerCase()).filter(Boolean);
  return DEBUGGING_SWITCHES.filter((name) => given.includes(name));
}
