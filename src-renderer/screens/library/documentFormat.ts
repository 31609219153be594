/** The format a document is filtered by: its file extension, lower case ('pdf', 'docx'…), or '?' without one. */
import type { DocumentRecord } from '../../../src-shared/domain';

export function documentFormat(doc: Pick<DocumentRecord, 'sourcePath'>): string {
  const name = doc.sourcePath.split(/[\\/]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '?';
}
