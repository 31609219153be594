/**
 * Content words of a French or English text, reduced by a light stemmer, for the lexical half of the
 * citation check. Function words of both languages are dropped (answers quote sources in either);
 * accents are folded; plural and frequent derivational endings are stripped and stems are capped, so
 * "compilation", "compiled" and "compile" meet. Crude on purpose: it only has to tell a sentence drawn
 * from a passage from one that is not, and it is measured (scripts/measure-citation-check.ts).
 */
const STOPWORDS = new Set(
  (
    // English
    'a an the and or but if then else of to in on at by for with from into onto over under about as is are was were be been ' +
    'being am do does did done have has had having it its this that these those there here which who whom whose what when where ' +
    'why how not no nor so than too very can could may might must shall should will would also only just more most some such ' +
    'any each other all both many much own same they them their theirs he him his she her hers we us our you your i me my ' +
    'one ones after before during between through while because since until upon within without again further once ' +
    // French (accents folded)
    'le la les l un une des du de d et ou mais donc or ni car que qu qui quoi dont ou a au aux en dans par pour sur sous avec ' +
    'sans chez vers entre ce cet cette ces se sa son ses leur leurs il elle ils elles on nous vous je tu me te lui y ne pas plus ' +
    'moins tres est sont etait etaient ete etre avoir avait avaient ont a fut sera seront comme aussi tout tous toute toutes ' +
    'meme autre autres quel quelle quels quelles lequel laquelle lesquels apres avant depuis pendant selon ainsi alors si ' +
    'bien peu cela ceci celui celle ceux celles fait faire peut peuvent doit'
  ).split(/\s+/),
);

/** Longest first; applied once, only when at least four letters remain. */
const SUFFIXES = [
  'issements', 'issement', 'ements', 'ement', 'ations', 'ation', 'ateurs', 'ateur', 'atrices', 'atrice', 'ements', 'ments', 'ment',
  'ingly', 'ings', 'ing', 'edly', 'ness', 'ities', 'ity', 'ites', 'ite', 'iques', 'ique', 'ismes', 'isme', 'istes', 'iste',
  'ables', 'able', 'ibles', 'ible', 'euses', 'euse', 'eux', 'ives', 'ive', 'ifs', 'if', 'ions', 'ion', 'ies', 'ied', 'ees',
  'ee', 'es', 'ed', 'er', 'ez', 'ly', 'al', 'aux', 'e', 's', 'x', 'y',
];
const STEM_MAX = 7;

export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function stem(word: string): string {
  let w = word;
  for (const suffix of SUFFIXES) {
    if (w.length - suffix.length >= 4 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  return w.slice(0, STEM_MAX);
}

/** Unique stems of the content words (and numbers, which carry many facts) of a text. */
export function contentStems(text: string): Set<string> {
  const stems = new Set<string>();
  // Elided articles and pronouns ("l'avion", "qu'il") are cut off before the word is looked at.
  const words = fold(text).replace(/\b[a-z]['’]/g, ' ').match(/\p{L}+|\p{N}+(?:[.,]\p{N}+)*/gu) ?? [];
  for (const word of words) {
    if (/^\p{N}/u.test(word)) {
      stems.add(word.replace(/[.,\s]/g, ''));
      continue;
    }
    if (word.length < 3 || STOPWORDS.has(word)) continue;
    stems.add(stem(word));
  }
  return stems;
}

/**
 * Share of the claim's content stems found in the passage (0..1): how much of what the sentence says
 * the passage also says. 0 when the claim has no content word.
 */
export function lexicalOverlap(claim: string, passage: string | Set<string>): number {
  const claimStems = contentStems(claim);
  if (claimStems.size === 0) return 0;
  const passageStems = typeof passage === 'string' ? contentStems(passage) : passage;
  let found = 0;
  for (const s of claimStems) if (passageStems.has(s)) found++;
  return found / claimStems.size;
}
