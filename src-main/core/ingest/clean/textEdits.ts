/**
 * Cleaning rewrites page text, but chunks must keep offsets that point into the text `library.text`
 * returns. Every cleaning step therefore produces edits (replace [start, end) with a string) instead
 * of a new string, and the offsets of the document's blocks are carried through each set of edits.
 */
export interface TextEdit {
  start: number;
  end: number;
  replacement: string;
}

/** Edits for every match of `pattern` (global) whose replacement differs from the match. */
export function editsFor(text: string, pattern: RegExp, replace: (match: RegExpExecArray) => string): TextEdit[] {
  const edits: TextEdit[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    const replacement = replace(m);
    if (replacement !== m[0]) edits.push({ start: m.index, end: m.index + m[0].length, replacement });
  }
  return edits;
}

/**
 * Applies non-overlapping edits (any order; overlapping ones after the first are dropped) and moves
 * `offsets` in place: an offset before an edit stays, one after it shifts, one inside it lands at the
 * end of the replacement.
 */
export function applyEdits(text: string, edits: TextEdit[], offsets: number[]): string {
  if (edits.length === 0) return text;
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const kept: TextEdit[] = [];
  for (const e of sorted) if (!kept.length || e.start >= kept[kept.length - 1].end) kept.push(e);

  let out = '';
  let pos = 0;
  for (const e of kept) {
    out += text.slice(pos, e.start) + e.replacement;
    pos = e.end;
  }
  out += text.slice(pos);

  // Offsets in ascending order, walked once against the edits.
  const order = offsets.map((_, i) => i).sort((a, b) => offsets[a] - offsets[b]);
  let k = 0;
  let shift = 0;
  for (const i of order) {
    const p = offsets[i];
    while (k < kept.length && kept[k].end <= p) {
      shift += kept[k].replacement.length - (kept[k].end - kept[k].start);
      k++;
    }
    const e = kept[k];
    if (e && p > e.start && p < e.end) offsets[i] = e.start + shift + e.replacement.length;
    else offsets[i] = p + shift;
  }
  return out;
}
