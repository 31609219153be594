import { describe, expect, it } from 'vitest';
import { parseAnswerMarkdown, parseInline } from './answerMarkdown';

const sources = new Set([1, 2]);

describe('parseInline', () => {
  it('keeps the offset of every text run in the answer', () => {
    const text = 'Loops are **hot** [1] and `traced`.';
    const parts = parseInline(text, 10, sources);
    expect(parts).toEqual([
      { kind: 'text', text: 'Loops are ', start: 10 },
      { kind: 'strong', children: [{ kind: 'text', text: 'hot', start: 22 }] },
      { kind: 'text', text: ' ', start: 27 },
      { kind: 'cite', n: 1 },
      { kind: 'text', text: ' and ', start: 31 },
      { kind: 'code', text: 'traced', start: 37 },
      { kind: 'text', text: '.', start: 44 },
    ]);
  });

  it('never makes a link of a number that is no source, and keeps HTML as text', () => {
    expect(parseInline('See [7] <img src=x onerror=alert(1)>', 0, sources)).toEqual([
      { kind: 'text', text: 'See [7] <img src=x onerror=alert(1)>', start: 0 },
    ]);
    expect(parseInline('Both [1, 9]', 0, sources)).toEqual([
      { kind: 'text', text: 'Both ', start: 0 },
      { kind: 'cite', n: 1 },
      { kind: 'text', text: '[9]', start: 5 },
    ]);
  });

  it('leaves snake_case and lone stars alone', () => {
    expect(parseInline('a snake_case_name and 2 * 3 * 4', 0, sources)).toEqual([{ kind: 'text', text: 'a snake_case_name and 2 * 3 * 4', start: 0 }]);
  });
});

describe('parseAnswerMarkdown', () => {
  it('reads headings, lists, quotes, code and paragraphs', () => {
    const answer = '## Summary\n\nFirst line [1]\nsecond line.\n\n- one [2]\n- two\n\n1. first\n2. second\n\n> quoted\n\n```\n<b>x</b>\n```';
    const blocks = parseAnswerMarkdown(answer, sources);
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'list', 'list', 'quote', 'code']);
    const list = blocks[2];
    expect(list.kind === 'list' && list.items.length).toBe(2);
    const ordered = blocks[3];
    expect(ordered.kind === 'list' && ordered.ordered).toBe(true);
    expect(blocks[5]).toEqual({ kind: 'code', text: '<b>x</b>' });
  });

  it('gives list items the offsets of their text in the answer', () => {
    const answer = 'Intro.\n- item text [1]';
    const [, list] = parseAnswerMarkdown(answer, sources);
    const first = list.kind === 'list' ? list.items[0][0] : null;
    expect(first).toEqual({ kind: 'text', text: 'item text ', start: answer.indexOf('item') });
  });
});
