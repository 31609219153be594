/** The app's version, from package.json (bundled by electron-vite, read directly under tsx). */
import packageJson from '../../package.json';

export function appVersion(): string {
  return packageJson.version;
}
