/**
 * Shows an error in the user's language. Errors are kept as values (code + params) and translated at
 * render time, so switching language also translates errors already on screen.
 */
import i18next from 'i18next';
import { formatErrorMessage, isErrorCode, type Lang } from '../../src-shared/errors';
import { ContractCallError } from '../../src-shared/rpc';

export interface UiError {
  code: string;
  message: string;
  params: Record<string, string | number>;
}

export function toUiError(error: unknown): UiError {
  if (error instanceof ContractCallError) return { code: String(error.code), message: error.message, params: error.params };
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
    const e = error as { code: unknown; message: unknown; params?: unknown };
    const params = e.params && typeof e.params === 'object' ? (e.params as Record<string, string | number>) : {};
    return { code: String(e.code), message: String(e.message), params };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: detail, params: { detail } };
}

export function localizeError(error: UiError, lang: Lang): string {
  if (isErrorCode(error.code)) return formatErrorMessage(error.code, error.params, lang);
  const key = `errors.${error.code}`;
  if (i18next.exists(key, { lng: lang })) return i18next.t(key, { ...error.params, lng: lang });
  // A code from a newer server that this UI does not know: its own message is the best we have.
  return error.message;
}
