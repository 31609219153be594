/**
 * The page claims a PDF's builder and its helper thread share: every page taken once, in order, never
 * past the limit, nothing after a stop; and a helper thread blocked at the limit wakes when it moves
 * or when claims stop.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { PageClaims } from '../../../src-main/core/ingest/extract/pdfPageClaims';
import { repoRoot } from '../../helpers/paths';

describe('PDF page claims', () => {
  it('gives each page once, in order, up to the limit', () => {
    const claims = new PageClaims(5);
    expect(claims.take()).toBe('wait');
    claims.allow(3);
    expect([claims.take(), claims.take(), claims.take()]).toEqual([1, 2, 3]);
    expect(claims.take()).toBe('wait');
    expect(claims.taken(3)).toBe(true);
    expect(claims.taken(4)).toBe(false);
    claims.allow(2);
    expect(claims.take()).toBe('wait');
    claims.allow(10);
    expect([claims.take(), claims.take(), claims.take()]).toEqual([4, 5, 'done']);
  });

  it('gives nothing once stopped', () => {
    const claims = new PageClaims(5);
    claims.allow(5);
    expect(claims.take()).toBe(1);
    claims.stop();
    expect(claims.take()).toBe('done');
    expect(claims.taken(2)).toBe(false);
  });

  it('shares its state through the buffer: two views never get the same page', () => {
    const a = new PageClaims(100);
    const b = new PageClaims(100, a.buffer);
    a.allow(100);
    const got: number[] = [];
    for (let i = 0; i < 60; i++) {
      for (const claims of [a, b]) {
        const n = claims.take();
        if (typeof n === 'number') got.push(n);
      }
    }
    expect(got).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('wakes a thread waiting at the limit when the limit moves, and when claims stop', async () => {
    const claims = new PageClaims(10);
    claims.allow(1);
    const worker = new Worker(join(repoRoot, 'scripts/tsx-worker.mjs'), {
      argv: [pathToFileURL(join(repoRoot, 'test/fixtures/workers/takePages.ts')).href],
      workerData: { pageCount: 10, claims: claims.buffer },
    });
    const messages: Array<number | string> = [];
    let arrived: () => void = () => undefined;
    worker.on('message', (m: number | string) => {
      messages.push(m);
      arrived();
    });
    const count = (n: number) => new Promise<void>((resolve) => (arrived = () => messages.length >= n && resolve()));
    try {
      await count(1);
      // Blocked at the limit: nothing more comes until it moves.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(messages).toEqual([1]);
      const two = count(3);
      claims.allow(3);
      await two;
      const stopped = count(4);
      claims.stop();
      await stopped;
      expect(messages).toEqual([1, 2, 3, 'done']);
      expect(claims.take()).toBe('done');
    } finally {
      await worker.terminate();
    }
  });
});
