/**
 * French or English? Counts frequent function words (and accented letters for French). Good enough
 * to pick a stemmer for a question of a few words and to label a document; it is not a general
 * language identifier, and says 'und' (undetermined) rather than guess.
 */
export type DetectedLanguage = 'fr' | 'en' | 'und';

const FRENCH = new Set(
  ('le la les l de des du d un une et est en que qu qui dans pour pas au aux sur se ce il elle ils elles ont sont par plus ' +
    'avec son sa ses quel quelle quels quelles combien où quand comment pourquoi lequel laquelle à été était étaient cette ' +
    'ces cet leur leurs nous vous je ne y ou mais donc car fut avait sous entre après avant depuis').split(' '),
);
const ENGLISH = new Set(
  ('the of and to in is was that for it with as by on are were be been this which who what when where how did does do from ' +
    'at an his her their has have had why whom its into than not or but after before during between there these those ' +
    'would could many much').split(' '),
);

export function detectLanguage(text: string): DetectedLanguage {
  const sample = text.length > 20_000 ? text.slice(0, 20_000) : text;
  const words = sample.toLowerCase().normalize('NFC').match(/\p{L}+/gu) ?? [];
  let fr = 0;
  let en = 0;
  for (const w of words) {
    if (FRENCH.has(w)) fr++;
    if (ENGLISH.has(w)) en++;
    if (/[éèêàùçôîûœ]/.test(w)) fr += 0.5;
  }
  if (fr === 0 && en === 0) return 'und';
  if (fr > en * 1.2) return 'fr';
  if (en > fr * 1.2) return 'en';
  return 'und';
}
