/**
 * Development-only features of the desktop shell stay out of packaged builds: DevTools, the Vite dev
 * server's URL, Chromium's remote debugging. Electron cannot run here, so the decision (a pure
 * function of app.isPackaged) is tested directly, and the shell's sources and the built bundle are
 * checked to route every such feature through it. Also: the documents the OS asks the app to open.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentPathsFromArgv } from '../../../src-main/electron/commandLine';
import { developmentFeatures, refusedDebuggingSwitches } from '../../../src-main/electron/developmentFeatures';
import { secureWebPreferences } from '../../../src-main/electron/security';
import { projectRoot } from './packagingCheck';

const devServer = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' };

describe('development features', () => {
  it('are all off in a packaged app, whatever the environment says', () => {
    expect(developmentFeatures(true, devServer)).toEqual({ devTools: false, rendererUrl: null });
    expect(developmentFeatures(true, {})).toEqual({ devTools: false, rendererUrl: null });
  });

  it('are on under the stock Electron binary (npm start, electron-vite dev)', () => {
    expect(developmentFeatures(false, devServer)).toEqual({ devTools: true, rendererUrl: 'http://localhost:5173/' });
    expect(developmentFeatures(false, {})).toEqual({ devTools: true, rendererUrl: null });
    expect(developmentFeatures(false, { ELECTRON_RENDERER_URL: '' })).toEqual({ devTools: true, rendererUrl: null });
  });

  it('keep windows without DevTools unless asked for', () => {
    expect(secureWebPreferences('/p.cjs').devTools).toBe(false);
    expect(secureWebPreferences('/p.cjs', { devTools: false }).devTools).toBe(false);
    expect(secureWebPreferences('/p.cjs', { devTools: true }).devTools).toBe(true);
  });

  it('refuse remote debugging switches in a packaged app, in every spelling Chromium reads', () => {
    const argv = (...args: string[]) => ['/opt/Phare/phare', ...args];
    expect(refusedDebuggingSwitches(true, argv('--remote-debugging-port=9222'))).toEqual(['remote-debugging-port']);
    expect(refusedDebuggingSwitches(true, argv('--remote-debugging-port', '9222'))).toEqual(['remote-debugging-port']);
    expect(refusedDebuggingSwitches(true, argv('-remote-debugging-pipe'))).toEqual(['remote-debugging-pipe']);
    expect(refusedDebuggingSwitches(true, argv('--Remote-Debugging-Port=1'))).toEqual(['remote-debugging-port']);
    expect(refusedDebuggingSwitches(true, argv('--auto-open-devtools-for-tabs'))).toEqual(['auto-open-devtools-for-tabs']);
    expect(refusedDebuggingSwitches(true, argv('--data', '/home/me/lib', '/home/me/remote-debugging-port.pdf'))).toEqual([]);
    expect(refusedDebuggingSwitches(false, argv('--remote-debugging-port=9222'))).toEqual([]);
  });
});

describe('the desktop shell routes them through developmentFeatures', () => {
  const electronDir = join(projectRoot, 'src-main', 'electron');
  const sources = readdirSync(electronDir)
    .filter((f) => f.endsWith('.ts'))
    // Code only: comments may name what they explain.
    .map((f) => ({ file: f, text: readFileSync(join(electronDir, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*/g, '') }));

  it('reads ELECTRON_RENDERER_URL and app.isPackaged nowhere else', () => {
    for (const { file, text } of sources) {
      if (file !== 'developmentFeatures.ts') expect(text, file).not.toMatch(/ELECTRON_RENDERER_URL/);
      const packagedUses = text.match(/app\.isPackaged/g) ?? [];
      if (file === 'main.ts') {
        expect(text).toMatch(/developmentFeatures\(app\.isPackaged, process\.env\)/);
        expect(text).toMatch(/refusedDebuggingSwitches\(app\.isPackaged, process\.argv\)/);
        expect(packagedUses).toHaveLength(2);
      } else {
        expect(packagedUses, file).toHaveLength(0);
      }
    }
  });

  it('opens DevTools only from the menu entry that developmentFeatures turns on', () => {
    for (const { file, text } of sources) {
      if (file === 'appMenu.ts') {
        expect(text).toMatch(/options\.showDevTools \? \[[^\]]*role: 'toggleDevTools'/);
      } else {
        expect(text, file).not.toMatch(/openDevTools|toggleDevTools/);
      }
    }
    const main = sources.find((s) => s.file === 'main.ts')!.text;
    expect(main).toMatch(/showDevTools: features\.devTools/);
    expect(main).toMatch(/secureWebPreferences\([^)]*\), \{ devTools: features\.devTools \}\)/);
    expect(main).toMatch(/createAppOrigin\(features\.rendererUrl\)/);
  });

  it('is what the built main process runs', () => {
    const built = readFileSync(join(projectRoot, 'out', 'main', 'index.js'), 'utf8');
    expect(built).toMatch(/developmentFeatures\(app\.isPackaged, process\.env\)/);
    expect(built.match(/ELECTRON_RENDERER_URL/g)).toHaveLength(1);
    expect(built).toMatch(/if \(isPackaged\) return \{ devTools: false, rendererUrl: null \};/);
  });
});

describe('documents opened with Phare', () => {
  it('are the arguments naming a file of a format Phare reads', () => {
    const cwd = resolve('/home/me/Documents');
    expect(documentPathsFromArgv(['/opt/Phare/phare', 'report.PDF', '/tmp/scan.tiff', 'notes.md'], cwd)).toEqual([
      join(cwd, 'report.PDF'),
      resolve('/tmp/scan.tiff'),
      join(cwd, 'notes.md'),
    ]);
  });

  it('skip the executable, switches, the --data folder and other files', () => {
    const cwd = resolve('/w');
    expect(documentPathsFromArgv(['/opt/Phare/phare.pdf'], cwd)).toEqual([]);
    expect(documentPathsFromArgv(['electron', '.', '--data', '/lib/a.pdf', '--data=/x', '--flag', 'app.exe', 'x.constructor', 'README'], cwd)).toEqual([]);
    expect(documentPathsFromArgv(['electron', 'out/main/index.js', 'a.docx'], cwd)).toEqual([join(cwd, 'a.docx')]);
  });
});
