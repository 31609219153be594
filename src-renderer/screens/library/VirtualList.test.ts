/**
 * The windowed list renders only the rows in view: 10,000 documents put a few dozen rows in the DOM,
 * not 10,000, and the spacer keeps the scroll height of the whole list.
 */
import React, { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { scrollToShow, visibleRows } from './virtualWindow';

// vitest compiles TSX with the classic runtime (React.createElement); the app's build uses the automatic one.
(globalThis as { React?: typeof React }).React = React;
const { VirtualList } = await import('./VirtualList');

describe('VirtualList', () => {
  it('puts only a window of 10,000 rows in the DOM', () => {
    const html = renderToString(
      createElement(VirtualList, {
        count: 10_000,
        rowHeight: 56,
        height: 520,
        label: 'Documents',
        renderRow: (i: number) => createElement('span', { 'data-testid': 'document-row' }, `Document ${i}`),
      }),
    );
    const rendered = html.match(/data-testid="document-row"/g) ?? [];
    // 520 px of 56 px rows: 10 in view, 11 with a partial one, plus the overscan below.
    expect(rendered.length).toBeGreaterThanOrEqual(10);
    expect(rendered.length).toBeLessThanOrEqual(20);
    expect(html).toContain('Document 0<');
    expect(html).not.toContain('Document 9999<');
    expect(html).toContain(`height:${10_000 * 56}px`);
    expect(html).toContain('aria-setsize="10000"');
  });
});

describe('visibleRows', () => {
  it('follows the scroll position with an overscan on both sides, clamped to the list', () => {
    expect(visibleRows({ scrollTop: 0, viewportHeight: 520, rowHeight: 56, count: 10_000, overscan: 6 })).toEqual({ start: 0, end: 17 });
    expect(visibleRows({ scrollTop: 56 * 5000, viewportHeight: 520, rowHeight: 56, count: 10_000, overscan: 6 })).toEqual({ start: 4994, end: 5017 });
    expect(visibleRows({ scrollTop: 56 * 9_999, viewportHeight: 520, rowHeight: 56, count: 10_000, overscan: 6 })).toEqual({ start: 9993, end: 10_000 });
    expect(visibleRows({ scrollTop: 0, viewportHeight: 520, rowHeight: 56, count: 3, overscan: 6 })).toEqual({ start: 0, end: 3 });
    expect(visibleRows({ scrollTop: 100, viewportHeight: 520, rowHeight: 56, count: 0, overscan: 6 })).toEqual({ start: 0, end: 0 });
  });

  it('scrolls just enough to show a row, and not at all when it is in view', () => {
    expect(scrollToShow(3, 0, 520, 56)).toBeNull();
    expect(scrollToShow(20, 0, 520, 56)).toBe(21 * 56 - 520);
    expect(scrollToShow(2, 500, 520, 56)).toBe(112);
  });
});
