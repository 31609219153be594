import { extname, resolve } from 'node:path';
import { DOCUMENT_FORMAT_BY_EXTENSION } from '../../src-shared/documentFormats';

/** The desktop app's own command-line switch: `--data <dir>` (or `--data=<dir>`), as in the CLI. */
export function dataDirFromArgv(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--data' && i + 1 < argv.length) return argv[i + 1];
    if (arg.startsWith('--data=')) return arg.slice('--data='.length) || null;
  }
  return null;
}

/**
 * The documents the OS asks the app to open: the arguments that name a file of a format Phare reads
 * (file associations and "Open with" on Windows and Linux pass them on the command line; macOS sends
 * `open-file` events instead). The executable, switches and the `--data` folder are skipped; relative
 * paths are taken from `cwd` (the second instance's own working directory when it hands over).
 */
export function documentPathsFromArgv(argv: readonly string[], cwd: string): string[] {
  const paths: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--data') {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    if (Object.hasOwn(DOCUMENT_FORMAT_BY_EXTENSION, extname(arg).toLowerCase())) paths.push(resolve(cwd, arg));
  }
  return paths;
}
