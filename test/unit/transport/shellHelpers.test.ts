/** The pure parts of the desktop shell and the CLI: app origin, --data switch, data folder, language. */
import { describe, expect, it } from 'vitest';
import { cliLanguage } from '../../../src-main/cli/cliLanguage';
import { defaultDataDir } from '../../../src-main/cli/userDataDir';
import { createAppOrigin } from '../../../src-main/electron/appOrigin';
import { dataDirFromArgv } from '../../../src-main/electron/commandLine';

describe('app origin', () => {
  it('accepts only pages of the app protocol in production', () => {
    const origin = createAppOrigin(null);
    expect(origin.entryUrl).toBe('phare://app/index.html');
    expect(origin.isAppUrl('phare://app/index.html#/chat')).toBe(true);
    expect(origin.isAppUrl('phare://app/assets/x.js')).toBe(true);
    for (const url of ['phare://other/index.html', 'file:///etc/passwd', 'https://example.com/', 'http://127.0.0.1:7373/', 'not a url', '']) {
      expect(origin.isAppUrl(url), url).toBe(false);
    }
  });

  it('accepts only the dev server in dev mode', () => {
    const origin = createAppOrigin('http://localhost:5173/');
    expect(origin.entryUrl).toBe('http://localhost:5173/');
    expect(origin.isAppUrl('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(origin.isAppUrl('http://localhost:5174/')).toBe(false);
    expect(origin.isAppUrl('phare://app/index.html')).toBe(false);
  });
});

describe('--data switch', () => {
  it('reads both spellings and ignores everything else', () => {
    expect(dataDirFromArgv(['/usr/bin/electron', '.', '--data', '/tmp/lib'])).toBe('/tmp/lib');
    expect(dataDirFromArgv(['electron', '--data=./lib'])).toBe('./lib');
    expect(dataDirFromArgv(['electron', '.'])).toBeNull();
    expect(dataDirFromArgv(['electron', '--data'])).toBeNull();
  });
});

describe('default data folder', () => {
  it('is the platform user-data folder for Phare, as Electron computes it', () => {
    expect(defaultDataDir('linux', {}, '/home/ana')).toBe('/home/ana/.config/Phare');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ana')).toBe('/xdg/Phare');
    expect(defaultDataDir('darwin', {}, '/Users/ana')).toBe('/Users/ana/Library/Application Support/Phare');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana')).toMatch(/Roaming[\\/]Phare$/);
  });
});

describe('CLI language', () => {
  it('is French when the locale starts with fr', () => {
    expect(cliLanguage({ LANG: 'fr_FR.UTF-8' })).toBe('fr');
    expect(cliLanguage({ LANG: 'en_US.UTF-8', LC_ALL: 'fr_CA.UTF-8' })).toBe('fr');
    expect(cliLanguage({ LANG: 'C' })).toBe('en');
    expect(cliLanguage({})).toBe('en');
  });
});
