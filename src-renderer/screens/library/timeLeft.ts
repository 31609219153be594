/** The time left on a long job, as said to the user: seconds in steps of 5 under a minute and a half, minutes after. */
import type { TFunction } from 'i18next';

export function timeLeft(t: TFunction, seconds: number): string {
  if (seconds < 90) return t('library.work.secondsLeft', { count: Math.max(5, Math.round(seconds / 5) * 5) });
  return t('library.work.minutesLeft', { count: Math.round(seconds / 60) });
}
