/**
 * Which pages of a PDF have been taken, shared between the thread that builds the document and its
 * page helper (pdfPageHelper.ts) through a SharedArrayBuffer. Each takes the next page nobody has
 * taken, so the two split the pages by how fast each turns out to be (the helper starts ~0.1 s late,
 * the builder also does everything else with the pages).
 *
 * Pages are taken in order and no further than a limit the builder moves as it goes (a few dozen
 * pages past the one it is building): a helper never runs far ahead of a builder that stopped (a
 * paused job, OCR reads it waits for), and the pages read but not yet used stay few.
 */

/** Int32 slots: the last page taken, the last page that may be taken, and 1 once claims are stopped. */
const TAKEN = 0;
const LIMIT = 1;
const STOPPED = 2;

export class PageClaims {
  private readonly state: Int32Array;

  constructor(
    readonly pageCount: number,
    readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT),
  ) {
    this.state = new Int32Array(buffer);
  }

  /** The next page (1-based), or `wait` when it is past the limit, or `done` when none is left or claims stopped. */
  take(): number | 'wait' | 'done' {
    for (;;) {
      if (Atomics.load(this.state, STOPPED)) return 'done';
      const taken = Atomics.load(this.state, TAKEN);
      const next = taken + 1;
      if (next > this.pageCount) return 'done';
      if (next > Atomics.load(this.state, LIMIT)) return 'wait';
      if (Atomics.compareExchange(this.state, TAKEN, taken, next) === taken) return next;
    }
  }

  /** Whether page `n` has been taken (by either thread). */
  taken(n: number): boolean {
    return n <= Atomics.load(this.state, TAKEN);
  }

  /** Pages up to `page` may be taken. */
  allow(page: number): void {
    if (page <= Atomics.load(this.state, LIMIT)) return;
    Atomics.store(this.state, LIMIT, page);
    Atomics.notify(this.state, LIMIT);
  }

  /**
   * Blocks the calling thread (the helper's: a main thread may not block) until the next page may be
   * taken or claims stop; returns at once if that is already so.
   */
  waitForMore(): void {
    const limit = Atomics.load(this.state, LIMIT);
    if (Atomics.load(this.state, STOPPED) || Atomics.load(this.state, TAKEN) + 1 <= limit) return;
    // Returns at once if the limit moved since it was read (stop() moves it too): no wake-up is lost.
    Atomics.wait(this.state, LIMIT, limit);
  }

  /** No page is taken any more; a helper waiting wakes up and finds `done`. */
  stop(): void {
    Atomics.store(this.state, STOPPED, 1);
    Atomics.store(this.state, LIMIT, 0x7fffffff);
    Atomics.notify(this.state, LIMIT);
  }
}
