#!/usr/bin/env node
/**
 * `npm start`: opens the desktop app, or the headless UI when Electron's binary cannot be had.
 *
 * package.json stops Electron's postinstall (it downloads from GitHub, which fails on offline machines
 * and would fail `npm install`), so the binary may be missing on a machine that is online. This script:
 *  1. fetches it with the electron package's own install.js when it is missing (failure is expected offline);
 *  2. builds the app (electron-vite build);
 *  3. launches Electron on the build if the binary is there; otherwise says so plainly and starts
 *     `phare serve`, which prints the URL of the same UI for a browser.
 * Arguments after `npm start --` go to the app (e.g. `npm start -- --data ./my-library`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
/** Downloading ~100 MB can take a while on a slow line; a hung download must not hang `npm start`. */
const INSTALL_TIMEOUT_MS = 10 * 60 * 1000;

function packageDir(name) {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

/** The Electron executable, as the electron package itself locates it (path.txt under dist/). */
function electronBinary(electronDir) {
  if (!electronDir) return null;
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist');
  const executable = join(distDir, readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}

function tryInstallElectron(electronDir) {
  if (!electronDir) return 'the electron package is not installed (run `npm install`)';
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return 'ELECTRON_SKIP_BINARY_DOWNLOAD is set';
  console.log('[start] The Electron binary is missing: fetching it (first start only)…');
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    stdio: ['ignore', 'inherit', 'pipe'],
    timeout: INSTALL_TIMEOUT_MS,
    encoding: 'utf8',
  });
  if (result.error) return result.error.message;
  if (result.status !== 0) {
    // install.js prints a whole stack; its first line says what went wrong.
    const firstLine = (result.stderr || '').split('\n').find((line) => line.trim()) || `exit code ${result.status}`;
    return firstLine.trim();
  }
  return null;
}

function build() {
  const electronVite = packageDir('electron-vite');
  if (!electronVite) {
    console.error('[start] electron-vite is not installed: run `npm install` first.');
    process.exit(1);
  }
  console.log('[start] Building the app (electron-vite build)…');
  const result = spawnSync(process.execPath, [join(electronVite, 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('[start] The build failed; see the messages above.');
    process.exit(result.status ?? 1);
  }
}

/** Runs a child to its end; Ctrl-C reaches it directly from the terminal, SIGTERM is passed on. */
function runToEnd(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('error', (error) => {
    console.error(`[start] Could not start ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electronDir = packageDir('electron');
let binary = electronBinary(electronDir);
let reason = null;
if (!binary) {
  reason = tryInstallElectron(electronDir);
  binary = electronBinary(electronDir);
}

build();

if (binary) {
  console.log('[start] Opening Phare.');
  runToEnd(binary, ['.', ...args]);
} else {
  console.log(
    [
      '',
      'Phare’s desktop window cannot open: the Electron binary could not be obtained' + (reason ? ` (${reason}).` : '.'),
      'It is downloaded from GitHub on first start; this machine could not reach it. Run `npm start` again once online.',
      'Meanwhile, starting the same app headless: open the one-time sign-in link printed below in a browser.',
      '',
    ].join('\n'),
  );
  runToEnd(process.execPath, [join(root, 'bin', 'phare.js'), 'serve', ...args]);
}
