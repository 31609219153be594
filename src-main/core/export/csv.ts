/**
 * CSV as every export of the app writes it (feedback, audit log, analytics tables): RFC 4180 (a header
 * row, CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled). Text cells a
 * spreadsheet would read as a formula (starting with = + - @, or a tab or carriage return) get a
 * leading apostrophe: the text is typed by people (a comment, a question, a document title) and
 * `=HYPERLINK(...)` must stay text when the file is opened.
 */
export const CSV_MIME = 'text/csv';

export type CsvValue = string | number | boolean | null;

/** One CSV field: formula guard first, then RFC 4180 quoting. */
export function csvCell(value: CsvValue): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole file: the header, then one line per row (cells in the columns' order), each line ended by CRLF. */
export function csvText(columns: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return lines.join('\r\n') + '\r\n';
}
