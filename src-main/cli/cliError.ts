/**
 * How the CLI reports a failure: one line in the user's language on stderr, or `{error: {code, message}}`
 * on stdout with --json. Never a stack trace: codes come from the contract's error table or the CLI's own.
 */
import { formatErrorMessage, isErrorCode, Lang, PhareError } from '../../src-shared/errors';
import { ContractCallError } from '../../src-shared/rpc';
import { CliMessageCode, cliMessage } from './cliMessages';
import type { CliIo } from './cliIo';

/** A failure of the command itself (bad usage, port in use), with a code of the CLI's own. */
export class CliError extends Error {
  constructor(
    readonly code: CliMessageCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(cliMessage(code, 'en', params));
    this.name = 'CliError';
  }
}

export interface ErrorReport {
  code: string;
  message: string;
}

export function describeError(error: unknown, lang: Lang): ErrorReport {
  if (error instanceof CliError) return { code: error.code, message: cliMessage(error.code, lang, error.params) };
  if (error instanceof ContractCallError) return { code: String(error.code), message: error.localized(lang) };
  if (error instanceof PhareError) return { code: error.code, message: error.toValue(lang).message };
  const detail = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: formatErrorMessage('INTERNAL', { detail }, lang) };
}

/** An ErrorValue from the core (a failed file, say) in the CLI user's language. */
export function localizeErrorValue(value: { code: string; message: string; params?: Record<string, string | number> }, lang: Lang): ErrorReport {
  const message = isErrorCode(value.code) && value.params ? formatErrorMessage(value.code, value.params, lang) : value.message;
  return { code: value.code, message };
}

export function reportError(io: CliIo, error: unknown, options: { json: boolean; lang: Lang }): number {
  const report = describeError(error, options.lang);
  if (options.json) io.stdout(JSON.stringify({ error: report }, null, 2) + '\n');
  else io.stderr(`phare: ${report.message}\n`);
  return 1;
}
