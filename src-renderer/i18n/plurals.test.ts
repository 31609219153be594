/**
 * Counts are written with their plural forms, in both languages ("1 page", "2 pages"; "1 fichier",
 * "0 fichier", "2 fichiers"). Every string of both dictionaries is rendered through i18next with each
 * of its count-like values set to 1 (and 0 in French, which is singular there): a number followed by a
 * plural word means a string that should use `_one`/`_other` forms (with `count`) or nest a plural
 * unit (`$t(units.pages, {"count": {{pages}} })`). Values that are not counts (names, sizes, shares,
 * durations, rates) are rendered as words, by the name of their placeholder.
 */
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';
import { withManyForms } from './pluralForms';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/**
 * Placeholders whose values are not bare counts: text (names, titles, labels), sizes and durations
 * already formatted with their unit, shares and rates (percentages, per second), averages and scores,
 * dates, thresholds and limits phrased without a noun.
 */
const NOT_COUNTS = new Set([
  'name', 'title', 'file', 'files', 'kind', 'collection', 'where', 'what', 'label', 'value', 'mode', 'model', 'role', 'gpu', 'backend',
  'question', 'source', 'url', 'path', 'folder', 'list', 'detail', 'error', 'message', 'reason', 'query', 'code', 'host', 'user', 'table',
  'format', 'language', 'lang', 'date', 'time', 'when', 'since', 'until', 'at', 'period', 'next', 'last', 'first', 'from', 'to', 'version',
  'size', 'memory', 'required', 'available', 'limit', 'total', 'ms', 'duration', 'elapsed', 'eta', 'left', 'remaining',
  'share', 'rate', 'ratio', 'percent', 'speed', 'average', 'mean', 'score', 'rating', 'confidence', 'temperature', 'weight', 'threshold',
  'min', 'max', 'actual', 'page', 'rank', 'n', 'id', 'step', 'stage', 'state', 'status', 'shown', 'words', 'type', 'unit', 'action',
]);

/** Words that end like plurals but are not (or are invariable). */
const NOT_PLURAL: Record<'en' | 'fr', Set<string>> = {
  en: new Set(['is', 'was', 'has', 'its', 'this', 'as', 'ms', 's', 'plus', 'analysis', 'series', 'status', 'yes', 'across', 'less', 'thus', 'index']),
  fr: new Set(['avis', 'mois', 'fois', 'clos', 'ms', 's', 'des', 'les', 'ses', 'mes', 'tes', 'nos', 'vos', 'leurs', 'plus', 'sans', 'dès', 'pas', 'très', 'après', 'depuis', 'sous', 'dans', 'vers', 'gros', 'bas', 'alors', 'index']),
};

/** A number (not part of a bigger one) followed by a word. */
const NUMBER_WORD = /(?<![\d.,\u202f\u00a0])([01])[\s\u202f\u00a0]+([\p{L}’'-]+)/gu;

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]);
}

function keysOf(dict: Tree): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const [key, text] of leaves(dict)) {
    const base = key.replace(PLURAL_SUFFIX, '');
    byKey.set(base, [...(byKey.get(base) ?? []), text]);
  }
  return byKey;
}

const dictionaries = { en: en as unknown as Tree, fr: fr as unknown as Tree };
const fixed: Partial<Record<'en' | 'fr', TFunction>> = {};

beforeAll(async () => {
  const instance = i18next.createInstance();
  await instance.init({
    // As the app loads them (index.ts).
    resources: { en: { translation: en }, fr: { translation: withManyForms(fr) } },
    lng: 'en',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  fixed.en = instance.getFixedT('en');
  fixed.fr = instance.getFixedT('fr');
});

describe.each(['en', 'fr'] as const)('plurals in %s', (lang) => {
  it('every count is followed by a word in the right number', () => {
    const t = fixed[lang]!;
    const wrong: string[] = [];
    for (const [key, texts] of keysOf(dictionaries[lang])) {
      const names = [...new Set(texts.flatMap(placeholders))];
      if (names.length === 0) continue;
      // French takes the singular for 0 and 1; English only for 1.
      for (const n of lang === 'fr' ? [0, 1] : [1]) {
        const params = Object.fromEntries(names.map((name) => [name, NOT_COUNTS.has(name) && name !== 'count' ? 'X' : n]));
        const text = t(key, { ...params, count: n });
        for (const [, , word] of text.matchAll(NUMBER_WORD)) {
          const lower = word.toLowerCase();
          if (/[sx]$/.test(lower) && !NOT_PLURAL[lang].has(lower)) wrong.push(`${key} (${n}): ${text}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a million is counted too (French calls it "many")', () => {
    const t = fixed[lang]!;
    const shown: string[] = [];
    for (const [key, texts] of keysOf(dictionaries[lang])) {
      if (!texts.some((text) => text.includes('{{count'))) continue;
      const params = Object.fromEntries([...new Set(texts.flatMap(placeholders))].map((name) => [name, 2]));
      const text = t(key, { ...params, count: 1_000_000 });
      if (text === key || text.endsWith(key)) shown.push(key);
    }
    expect(shown).toEqual([]);
  });

  it('plural keys have both forms', () => {
    const keys = new Set(leaves(dictionaries[lang]).map(([k]) => k));
    const missing = [...keys]
      .filter((k) => /_(one|other)$/.test(k))
      .map((k) => k.replace(/_(one|other)$/, ''))
      .filter((base) => !keys.has(`${base}_one`) || !keys.has(`${base}_other`));
    expect([...new Set(missing)]).toEqual([]);
  });
});
