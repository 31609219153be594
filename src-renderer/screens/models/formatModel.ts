/** Sizes and parameter counts as people read them (1.1 GB, 1.5B), in the UI language's number format. */
import type { Lang } from '../../../src-shared/errors';

export function formatBytes(bytes: number | null, lang: Lang): string {
  if (bytes === null) return '–';
  const units = lang === 'fr' ? ['o', 'Ko', 'Mo', 'Go', 'To'] : ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value >= 100 || unit === 0 ? 0 : 1;
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

export function formatParameters(count: number | null, lang: Lang): string {
  if (count === null) return '–';
  const format = (value: number, digits: number) => new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value);
  if (count >= 1e9) return `${format(count / 1e9, 1)} B`;
  if (count >= 1e6) return `${format(count / 1e6, count >= 1e8 ? 0 : 1)} M`;
  if (count >= 1e3) return `${format(count / 1e3, 0)} K`;
  return format(count, 0);
}
