/**
 * A cheap French/English guess from function words, good enough to pick the answer's language and
 * a stemmer. Short texts without telling words default to the caller's fallback.
 */
import type { Lang } from '../../../src-shared/errors';

const FRENCH = new Set(
  'le la les un une des du de et est sont que qui quoi quel quelle quels quelles où dans pour par sur avec ce cette ces il elle ils elles nous vous au aux pas ne se sa son ses leur leurs comment pourquoi quand combien été être avoir a fait mais ou donc lors après avant entre'.split(
    ' ',
  ),
);
const ENGLISH = new Set(
  'the a an and is are was were that which who what when where why how in on for by with this these those it he she they we you of to from not his her their its been be have has had did does do but or after before between'.split(
    ' ',
  ),
);

export function detectLanguage(text: string, fallback: Lang = 'en'): Lang {
  let fr = 0;
  let en = 0;
  const words = text.toLowerCase().normalize('NFC').match(/[\p{L}']+/gu) ?? [];
  for (const raw of words.slice(0, 2000)) {
    const word = raw.replace(/^[ldjmnstc]'|^qu'/, '');
    if (FRENCH.has(word)) fr++;
    if (ENGLISH.has(word)) en++;
    // Accented letters are a strong French signal in this pair of languages.
    if (/[àâçéèêëîïôûùüÿœ]/.test(raw)) fr += 0.5;
  }
  if (fr === en) return fallback;
  return fr > en ? 'fr' : 'en';
}
