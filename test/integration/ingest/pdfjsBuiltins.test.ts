/**
 * Loading pdf.js must leave Node's own built-ins in place: the legacy build's polyfills replace
 * `Array.prototype.push` (and a few others) with JS versions that slow down every caller in the process.
 */
import { describe, expect, it } from 'vitest';
import { loadPdfJs } from '../../../src-main/core/ingest/extract/pdfjs';

describe('pdf.js in the process', () => {
  it("keeps Node's built-ins and still has the ones Node lacks", async () => {
    const builtIns = () => [Array.prototype.push, JSON.parse, JSON.stringify, Function.prototype.toString];
    const before = builtIns();
    const pdfjs = await loadPdfJs();
    expect(builtIns()).toEqual(before);
    expect(typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers).toBe('function');
    const pushed: number[] = [];
    pushed.push(1, 2, 3);
    expect(pushed).toEqual([1, 2, 3]);
    expect(JSON.parse(JSON.stringify({ a: [1, 'b'] }))).toEqual({ a: [1, 'b'] });
    expect(typeof pdfjs.getDocument).toBe('function');
  });
});
