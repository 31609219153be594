/**
 * Typographic ligatures (U+FB00-FB06) as their letters, so "ﬁnance" matches a search for "finance".
 * Œ/œ and Æ/æ are letters of French and Latin, not ligatures of presentation: they stay.
 */
import { editsFor, type TextEdit } from './textEdits';

const LIGATURES: Record<string, string> = {
  '\ufb00': 'ff',
  '\ufb01': 'fi',
  '\ufb02': 'fl',
  '\ufb03': 'ffi',
  '\ufb04': 'ffl',
  '\ufb05': 'st',
  '\ufb06': 'st',
};

export function expandLigatures(text: string): string {
  return text.replace(/[\ufb00-\ufb06]/g, (c) => LIGATURES[c]);
}

export function ligatureEdits(text: string): TextEdit[] {
  return editsFor(text, /[\ufb00-\ufb06]/g, (m) => LIGATURES[m[0]]);
}
