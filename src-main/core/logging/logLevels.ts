/** pino's levels, lowest first, and how a line's level (a name, or pino's number in files written without names) reads back. */
import { LogLevelSchema, type LogLevel } from '../../../src-shared/monitoring';

export const LOG_LEVELS_ORDERED: readonly LogLevel[] = LogLevelSchema.options;

const PINO_NUMBERS: Record<number, LogLevel> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

export function levelOfLine(value: unknown): LogLevel | null {
  if (typeof value === 'number') return PINO_NUMBERS[value] ?? null;
  const parsed = LogLevelSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
