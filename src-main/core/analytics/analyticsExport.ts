/**
 * An analytics table as a file: CSV (export/csv.ts: RFC 4180 with the formula guard, for a spreadsheet)
 * or JSON (an array of objects keyed by column, one row per line so a large file still diffs and
 * streams line by line).
 */
import { csvText, CSV_MIME } from '../export/csv';
import type { AnalyticsTableData } from './analyticsTables';

export interface AnalyticsExport {
  fileName: string;
  mime: string;
  content: string;
  count: number;
}

export function exportAnalyticsTable(data: AnalyticsTableData, format: 'csv' | 'json', now = new Date()): AnalyticsExport {
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  const fileName = `phare-${data.name.replace(/_/g, '-')}-${day}.${format}`;
  const names = data.columns.map((c) => c.name);
  if (format === 'csv') return { fileName, mime: CSV_MIME, content: csvText(names, data.rows), count: data.rows.length };
  const lines = data.rows.map((row) => JSON.stringify(Object.fromEntries(names.map((name, i) => [name, row[i]]))));
  const content = lines.length === 0 ? '[]\n' : `[\n${lines.join(',\n')}\n]\n`;
  return { fileName, mime: 'application/json', content, count: data.rows.length };
}
