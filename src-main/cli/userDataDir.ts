/**
 * The platform's user-data folder for an app named Phare: the same folder Electron's
 * `app.getPath('userData')` gives the desktop app, so the CLI and the app share one library by default.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Phare');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Phare');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'Phare');
}
