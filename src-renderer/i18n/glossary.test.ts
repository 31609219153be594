/**
 * One glossary per language: a thing has one name in all of a language's strings. French says
 * « jeton » (never « token »), « plongements » (never « embeddings ») and « passage » (never « chunk »);
 * English says "passage" for what the code calls a chunk. Placeholders ({{tokens}}) and references
 * to other keys ($t(units.tokens, …)) are code, not text, and are left out.
 */
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';

/** The word that must not appear, and the glossary's word to use instead. */
const BANNED: Record<'en' | 'fr', Array<{ word: RegExp; use: string }>> = {
  fr: [
    { word: /\btokens?\b/i, use: 'jeton' },
    { word: /\bembeddings?\b/i, use: 'plongements' },
    { word: /\bchunks?\b/i, use: 'passage' },
  ],
  en: [{ word: /\bchunks?\b/i, use: 'passage' }],
};

function* strings(tree: unknown, path: string[] = []): Generator<[string, string]> {
  if (typeof tree === 'string') yield [path.join('.'), tree];
  else if (tree && typeof tree === 'object') for (const [key, value] of Object.entries(tree)) yield* strings(value, [...path, key]);
}

/** The text a user reads: without {{placeholders}} and $t(key, options) references. */
const visibleText = (s: string) => s.replace(/\$t\([^)]*\)/g, ' ').replace(/\{\{[^}]*\}\}/g, ' ');

describe.each([
  ['fr', fr],
  ['en', en],
] as const)('the %s glossary', (lang, messages) => {
  for (const { word, use } of BANNED[lang]) {
    it(`never says ${word.source.replace(/\\b/g, '')}, always “${use}”`, () => {
      const offending = [...strings(messages)].filter(([, text]) => word.test(visibleText(text))).map(([key, text]) => `${key}: ${text}`);
      expect(offending).toEqual([]);
    });
  }
});

it('the French glossary word is really used (the check reads the strings)', () => {
  expect([...strings(fr)].some(([, text]) => /\bjetons?\b/.test(text))).toBe(true);
});
