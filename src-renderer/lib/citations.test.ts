/**
 * Which `[n]` markers are citations. Two readers apply the rule: parseInline (answerMarkdown.ts) for
 * the answer shown in the chat, splitCitations for the sources an answer cited (feedbackDraft.ts). Each
 * case is checked on both, so the answer on screen and the feedback form never disagree.
 */
import { describe, expect, it } from 'vitest';
import { parseInline, type Inline } from './answerMarkdown';
import { splitCitations, type AnswerPart } from './citations';

const sources = new Set([1, 2, 3]);

/** parseInline's tree flattened to splitCitations' parts (formatting dropped, adjacent text merged). */
function flatten(inlines: Inline[]): AnswerPart[] {
  const parts: AnswerPart[] = [];
  const walk = (list: Inline[]) => {
    for (const i of list) {
      if ('children' in i) walk(i.children);
      else if (i.kind === 'cite') parts.push(i);
      else {
        const previous = parts[parts.length - 1];
        if (previous?.kind === 'text') previous.text += i.text;
        else parts.push({ kind: 'text', text: i.text });
      }
    }
  };
  walk(inlines);
  return parts;
}

const CASES: Array<{ name: string; answer: string; sources?: ReadonlySet<number>; parts: AnswerPart[] }> = [
  {
    name: 'markers of real sources become citations',
    answer: 'Loops are traced [1] and compiled [2].',
    parts: [{ kind: 'text', text: 'Loops are traced ' }, { kind: 'cite', n: 1 }, { kind: 'text', text: ' and compiled ' }, { kind: 'cite', n: 2 }, { kind: 'text', text: '.' }],
  },
  { name: 'a number that is no source stays text', answer: 'See [7] and [0].', parts: [{ kind: 'text', text: 'See [7] and [0].' }] },
  {
    name: 'grouped markers split, their unknown numbers stay text',
    answer: 'Both [1, 3] and [2; 9]',
    parts: [{ kind: 'text', text: 'Both ' }, { kind: 'cite', n: 1 }, { kind: 'cite', n: 3 }, { kind: 'text', text: ' and ' }, { kind: 'cite', n: 2 }, { kind: 'text', text: '[9]' }],
  },
  { name: 'other brackets are no citation', answer: 'an array [a] or [1a] or [] or [1234]', parts: [{ kind: 'text', text: 'an array [a] or [1a] or [] or [1234]' }] },
  { name: 'an answer with no sources cites nothing', answer: 'Text [1]', sources: new Set(), parts: [{ kind: 'text', text: 'Text [1]' }] },
  { name: 'an empty answer', answer: '', parts: [] },
];

describe('citation markers', () => {
  it.each(CASES)('$name (splitCitations)', ({ answer, sources: s, parts }) => {
    expect(splitCitations(answer, s ?? sources)).toEqual(parts);
  });

  it.each(CASES)('$name (parseInline)', ({ answer, sources: s, parts }) => {
    expect(flatten(parseInline(answer, 0, s ?? sources))).toEqual(parts);
  });

  it('parseInline finds citations inside bold and italic text, and not inside code', () => {
    const inlines = parseInline('**traced [1]** and _compiled [2; 8]_ but `a[3]`', 0, sources);
    expect(inlines).toEqual([
      { kind: 'strong', children: [{ kind: 'text', text: 'traced ', start: 2 }, { kind: 'cite', n: 1 }] },
      { kind: 'text', text: ' and ', start: 14 },
      { kind: 'em', children: [{ kind: 'text', text: 'compiled ', start: 20 }, { kind: 'cite', n: 2 }, { kind: 'text', text: '[8]', start: 29 }] },
      { kind: 'text', text: ' but ', start: 36 },
      { kind: 'code', text: 'a[3]', start: 42 },
    ]);
  });
});
