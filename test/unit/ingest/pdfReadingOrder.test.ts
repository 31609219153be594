/**
 * Reading order of PDF text items on synthetic layouts: what pdf.js would return for pages drawn in
 * various orders (coordinates in points, y upwards, Helvetica-like widths).
 */
import { describe, expect, it } from 'vitest';
import { inReadingOrder, type PositionedItem } from '../../../src-main/core/ingest/extract/pdfReadingOrder';

interface Item extends PositionedItem {
  hasEOL: boolean;
}

const item = (x: number, y: number, str: string, size = 10): Item => ({
  str,
  transform: [size, 0, 0, size, x, y],
  width: str.length * size * 0.5,
  height: size,
  hasEOL: false,
});

/** A line of running text exactly `chars` characters long (48 fill a 240 pt column). */
const words = (label: string, chars = 48) => `${label} ${'lorem ipsum dolor sit amet '.repeat(4)}`.slice(0, chars);
const strings = (items: Item[]) => items.map((i) => i.str.split(' ')[0]);

/** Two columns, left at x 54-294, right at 320-560, drawn row by row across both. */
function rowByRow(lines: number, top = 700): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < lines; i++) {
    items.push(item(54, top - 12 * i, words(`L${i}`)), item(320, top - 12 * i, words(`R${i}`)));
  }
  return items;
}

/** Three columns, at x 54-214, 234-394 and 414-574 (lines of 32 characters), drawn row by row across them. */
function threeRowByRow(lines: number, top = 700): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < lines; i++) {
    for (const [label, x] of [['A', 54], ['B', 234], ['C', 414]] as const) items.push(item(x, top - 12 * i, words(`${label}${i}`, 32)));
  }
  return items;
}

const column = (label: string, lines: number) => Array.from({ length: lines }, (_, i) => `${label}${i}`);

describe('PDF reading order', () => {
  it('reads a two-column page drawn row by row as the left column, then the right column', () => {
    const out = inReadingOrder(rowByRow(6));
    expect(strings(out)).toEqual(['L0', 'L1', 'L2', 'L3', 'L4', 'L5', 'R0', 'R1', 'R2', 'R3', 'R4', 'R5']);
  });

  it('puts the left column first when the right one is drawn first', () => {
    const right = [0, 1, 2, 3].map((i) => item(320, 700 - 12 * i, words(`R${i}`)));
    const left = [0, 1, 2, 3].map((i) => item(54, 700 - 12 * i, words(`L${i}`)));
    expect(strings(inReadingOrder([...right, ...left]))).toEqual(['L0', 'L1', 'L2', 'L3', 'R0', 'R1', 'R2', 'R3']);
  });

  it('returns a single-column page unchanged', () => {
    const items = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => item(54, 700 - 12 * i, words(`P${i}`, i === 3 ? 30 : 100)));
    expect(inReadingOrder(items)).toBe(items);
  });

  it('keeps a full-width title above both columns and a centred page number below them', () => {
    const title = item(150, 740, 'A Title That Spans Both Columns', 16);
    const footer = item(303, 40, '7');
    const out = inReadingOrder([footer, title, ...rowByRow(4)]);
    expect(strings(out)).toEqual(['A', 'L0', 'L1', 'L2', 'L3', 'R0', 'R1', 'R2', 'R3', '7']);
  });

  it('reads columns above a full-width caption before it, and columns below it after it', () => {
    const caption = item(54, 600, words('Figure', 100));
    const out = inReadingOrder([...rowByRow(3, 700), caption, ...rowByRow(3, 560).map((i) => ({ ...i, str: i.str.replace(/^(\w)/, '$1b') }))]);
    expect(strings(out)).toEqual(['L0', 'L1', 'L2', 'R0', 'R1', 'R2', 'Figure', 'Lb0', 'Lb1', 'Lb2', 'Rb0', 'Rb1', 'Rb2']);
  });

  it('leaves a table alone: short cells sharing rows are not two columns of text', () => {
    const items: Item[] = [];
    for (let r = 0; r < 8; r++) {
      for (const [c, x] of [54, 180, 320, 440].entries()) items.push(item(x, 700 - 14 * r, `cell ${r}.${c}`));
    }
    expect(inReadingOrder(items)).toBe(items);
  });

  it('leaves a two-column table of terms and wrapped definitions alone', () => {
    const items: Item[] = [];
    for (let r = 0; r < 5; r++) {
      items.push(item(54, 700 - 36 * r, `Term ${r}`));
      for (let l = 0; l < 3; l++) items.push(item(320, 700 - 36 * r - 12 * l, words(`D${r}.${l}`)));
    }
    expect(inReadingOrder(items)).toBe(items);
  });

  it('keeps a listing inside a column as part of that column', () => {
    const items = rowByRow(6);
    // Short code lines in the right column, under its text.
    for (let i = 0; i < 4; i++) items.push(item(330, 620 - 12 * i, `x${i} = f(x);`));
    const out = strings(inReadingOrder(items));
    expect(out.slice(0, 6)).toEqual(['L0', 'L1', 'L2', 'L3', 'L4', 'L5']);
    expect(out.slice(6)).toEqual(['R0', 'R1', 'R2', 'R3', 'R4', 'R5', 'x0', 'x1', 'x2', 'x3']);
  });

  it('moves spaces and end-of-line markers with the text drawn before them', () => {
    const items: Item[] = [];
    for (let i = 0; i < 4; i++) {
      // pdf.js puts a space item across the gutter between the two halves of a row.
      items.push(item(54, 700 - 12 * i, words(`L${i}`)), { ...item(294, 700 - 12 * i, ' '), width: 26 }, { ...item(320, 700 - 12 * i, words(`R${i}`)), hasEOL: true });
    }
    const out = inReadingOrder(items);
    expect(out.map((i) => (i.str === ' ' ? '_' : i.str.split(' ')[0]))).toEqual(['L0', '_', 'L1', '_', 'L2', '_', 'L3', '_', 'R0', 'R1', 'R2', 'R3']);
    expect(out.filter((i) => i.hasEOL).map((i) => i.str.split(' ')[0])).toEqual(['R0', 'R1', 'R2', 'R3']);
  });

  it('reads a three-column page drawn row by row one column after the other', () => {
    const out = inReadingOrder(threeRowByRow(6));
    expect(strings(out)).toEqual([...column('A', 6), ...column('B', 6), ...column('C', 6)]);
  });

  it('keeps a three-column page drawn column by column in its order', () => {
    const rows = threeRowByRow(6);
    const items = ['A', 'B', 'C'].flatMap((label) => rows.filter((i) => i.str.startsWith(label)));
    expect(strings(inReadingOrder(items))).toEqual([...column('A', 6), ...column('B', 6), ...column('C', 6)]);
  });

  it('keeps a full-width title above three columns', () => {
    const title = item(150, 740, 'A Title That Spans All Three Columns', 16);
    const out = inReadingOrder([...threeRowByRow(4), title]);
    expect(strings(out)).toEqual(['A', ...column('A', 4), ...column('B', 4), ...column('C', 4)]);
  });

  it('reads columns of unequal widths: a wide one and two narrow ones', () => {
    const items: Item[] = [];
    for (let i = 0; i < 5; i++) {
      items.push(item(54, 700 - 12 * i, words(`A${i}`)), item(320, 700 - 12 * i, words(`B${i}`, 22)), item(450, 700 - 12 * i, words(`C${i}`, 22)));
    }
    expect(strings(inReadingOrder(items))).toEqual([...column('A', 5), ...column('B', 5), ...column('C', 5)]);
  });

  it('leaves a three-column table alone: short cells sharing rows are not three columns of text', () => {
    const items: Item[] = [];
    for (let r = 0; r < 8; r++) {
      for (const [c, x] of [54, 234, 414].entries()) items.push(item(x, 700 - 14 * r, c === 0 ? `Region ${r}` : `${(r * 7 + c) % 13}.5 %`));
    }
    expect(inReadingOrder(items)).toBe(items);
  });

  it('leaves a four-column table of longer cells alone, though its middle looks like a column', () => {
    const items: Item[] = [];
    for (let r = 0; r < 8; r++) {
      for (const [c, x] of [54, 184, 314, 444].entries()) items.push(item(x, 700 - 14 * r, words(`cell${r}.${c}`, 22)));
    }
    expect(inReadingOrder(items)).toBe(items);
  });
});
