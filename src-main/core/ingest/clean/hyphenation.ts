/**
 * Words broken across lines ("recom-" / "mendation") are joined, so a search for the word finds them,
 * while real compounds keep their hyphen: French "peut-être", "est-ce", "dit-il", "celui-ci",
 * English "well-known", "math-spectral-norm". Without a dictionary the decision uses, in order:
 * - what follows must start with a lower-case letter ("Jean-/Pierre", "COVID-/19" keep the hyphen);
 * - the document itself: if it spells the joined word elsewhere, join; if it spells the hyphenated
 *   form elsewhere, keep the hyphen;
 * - a chain of hyphens ("math-/spectral-norm") is a compound;
 * - French clitics and compound parts that only exist after a hyphen (-être, -ci, -là, -il, -t-elle...).
 * Otherwise the break is a typesetter's: join.
 */
import { editsFor, type TextEdit } from './textEdits';

/** Second halves that are (almost) always a French compound or inverted pronoun. */
const FRENCH_SECOND_HALVES = new Set([
  'être', 'ci', 'là', 'même', 'mêmes', 'il', 'ils', 'elle', 'elles', 'on', 'je', 'tu', 'nous', 'vous',
  'ce', 'le', 'la', 'les', 'lui', 'leur', 'moi', 'toi', 'en', 'y', 't', 'dessus', 'dessous', 'dedans',
  'dehors', 'delà', 'deçà', 'clé', 'clés', 'cadre', 'cadres', 'dire', 'unis', 'unies', 'uni', 'unie',
]);

/** Words of the document, lower-cased, for the "spelled elsewhere" check. */
export interface Vocabulary {
  has(word: string): boolean;
}

const WORD = /\p{L}+(?:-\p{L}+)*/gu;

export function vocabularyOf(texts: string[]): Set<string> {
  const words = new Set<string>();
  // A document repeats its words: each spelling is lower-cased once. `match` gives the matched
  // strings alone (no match object with its groups and index for every word, as matchAll does).
  const spellings = new Set<string>();
  for (const text of texts) {
    for (const word of text.match(WORD) ?? []) {
      if (spellings.has(word)) continue;
      spellings.add(word);
      words.add(word.toLowerCase());
    }
  }
  return words;
}

/**
 * The vocabulary of `texts` as they are now, read only when a word is first looked up: most
 * documents have no word broken at a line or page end left to decide (a PDF's lines are joined
 * into paragraphs before), and then the whole document's words are never listed.
 */
export function lazyVocabulary(texts: readonly string[]): Vocabulary {
  const snapshot = [...texts];
  let words: Set<string> | null = null;
  return { has: (word) => (words ??= vocabularyOf(snapshot)).has(word) };
}

/**
 * Whether `left` (a line ending in "-") and `right` (the start of the next line) are one word broken
 * by hyphenation. `leftWord` is the last word of the left line without its hyphen.
 */
export function isBrokenWord(leftWord: string, rightWord: string, vocabulary?: Vocabulary): boolean {
  if (!/^\p{L}/u.test(leftWord) || !/^\p{Ll}/u.test(rightWord)) return false;
  const firstPart = rightWord.split('-')[0].replace(/[^\p{L}]+$/u, '');
  const lastPart = leftWord.split('-').pop() ?? leftWord;
  if (vocabulary) {
    const joined = (lastPart + firstPart).toLowerCase();
    const hyphenated = `${lastPart}-${firstPart}`.toLowerCase();
    if (vocabulary.has(joined)) return true;
    if (vocabulary.has(hyphenated)) return false;
  }
  if (/^\p{L}+-\p{L}/u.test(rightWord) || leftWord.includes('-')) return false;
  if (FRENCH_SECOND_HALVES.has(firstPart.toLowerCase())) return false;
  return true;
}

/** Joins two lines of one paragraph: a broken word is rejoined, anything else gets a space. */
export function joinLines(left: string, right: string, vocabulary?: Vocabulary): string {
  if (!left.endsWith('-')) return `${left} ${right}`;
  // `left` is the paragraph so far: an end-anchored pattern would be tried from every position of it,
  // for every line joined. The broken word holds no space, so only the text after the last one is read.
  const broken = /(\p{L}[\p{L}-]*)-$/u.exec(left.slice(left.lastIndexOf(' ') + 1));
  if (broken) {
    const rightWord = /^\S+/.exec(right)?.[0] ?? '';
    if (isBrokenWord(broken[1], rightWord, vocabulary)) return left.slice(0, -1) + right;
    return left + right;
  }
  return `${left} ${right}`;
}

/** Edits that rejoin words broken at line ends in text that still has its line breaks. */
export function hyphenationEdits(text: string, vocabulary?: Vocabulary): TextEdit[] {
  // The pattern below is tried from every letter of the text; most pages (a PDF's lines are already
  // joined into paragraphs) have no hyphen at a line end at all, which this much cheaper test finds.
  if (!/-[ \t]*\n[ \t]*\S/.test(text)) return [];
  return editsFor(text, /(\p{L}[\p{L}-]*)-[ \t]*\n[ \t]*(?=(\S+))/gu, (m) => {
    const left = m[1];
    if (isBrokenWord(left, m[2], vocabulary)) return left;
    // A compound split at its hyphen reads as one word again; anything else keeps its line break.
    return /^\p{Ll}/u.test(m[2]) ? `${left}-` : m[0];
  });
}
