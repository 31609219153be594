/**
 * The answer as the user sees it, rendered to markup with React's server renderer: Markdown becomes
 * elements, model-written HTML stays text, chips exist only for real sources, and the sentences the
 * citation check found unsupported are marked with their explanation, in French too.
 */
import i18next from 'i18next';
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CitationCheck, Source } from '../../../src-shared/domain';
import { en } from '../../i18n/en';
import { fr } from '../../i18n/fr';

const sources: Source[] = [
  { n: 1, documentId: 'd1', title: 'Report', page: 3, score: 1, chunkId: 'c1', snippet: 'Loops are traced.' },
];

const answer = '**Loops** are traced [1]. The moon is cheese [1]. See also [4].\n\n<img src=x onerror=alert(1)>';
const second = answer.indexOf('The moon');
const check: CitationCheck = {
  sentences: [
    { index: 0, text: '**Loops** are traced [1].', start: 0, end: 25, cited: [1], supported: true, similarity: null, overlap: 1, judge: null },
    { index: 1, text: 'The moon is cheese [1].', start: second, end: second + 23, cited: [1], supported: false, similarity: null, overlap: 0, judge: null },
  ],
  unsupportedCount: 1,
  methods: ['lexical'],
};

let AnswerText: typeof import('./AnswerText').AnswerText;

function render(lang: 'en' | 'fr'): string {
  void i18next.changeLanguage(lang);
  return renderToStaticMarkup(React.createElement(AnswerText, { text: answer, sources, check }));
}

beforeAll(async () => {
  // Vitest compiles JSX with the classic runtime (the renderer's automatic one is Vite's, in the build).
  (globalThis as { React?: typeof React }).React = React;
  ({ AnswerText } = await import('./AnswerText'));
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, fr: { translation: fr } },
    lng: 'en',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
});

describe('AnswerText', () => {
  it('renders Markdown as elements and model HTML as text', () => {
    const html = render('en');
    expect(html).toContain('<strong>Loops</strong>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('makes chips of real sources only', () => {
    const html = render('en');
    expect(html.match(/data-testid="citation-chip"/g)).toHaveLength(2);
    expect(html).toContain('See also [4].');
  });

  it('marks the unsupported sentence, with its explanation in the user’s language', () => {
    const en = render('en');
    expect(en).toMatch(/<span class="unsupported-sentence" data-testid="unsupported-sentence" title="The citation check found no support for this sentence in \[1\]">The moon is cheese <\/span>/);
    expect(en).toContain('1 sentence is not supported by the source it cites');
    const fr = render('fr');
    expect(fr).toContain('ne trouve pas d’appui pour cette phrase dans [1]');
    expect(fr).toContain('1 phrase n’est pas étayée');
  });
});
