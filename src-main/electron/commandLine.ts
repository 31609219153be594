/** The desktop app's own command-line switch: `--data <dir>` (or `--data=<dir>`), as in the CLI. */
export function dataDirFromArgv(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--data' && i + 1 < argv.length) return argv[i + 1];
    if (arg.startsWith('--data=')) return arg.slice('--data='.length) || null;
  }
  return null;
}
