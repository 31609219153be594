/**
 * PDFium's calls are synchronous: code that makes many of them in a row gives the event loop a turn
 * every few milliseconds, so that searches, progress events, other files' work, a cancel and the page
 * helper's messages (pdfPageHelper.ts) are not held up behind a whole document.
 */

/** Longest stretch of synchronous work between two turns of the event loop. */
const EVENT_LOOP_SLICE_MS = 10;

/** A function to await between two pieces of synchronous work: it yields once a slice has passed since the last turn. */
export function eventLoopTurns(): () => Promise<void> {
  let lastTurn = performance.now();
  return async () => {
    if (performance.now() - lastTurn < EVENT_LOOP_SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    lastTurn = performance.now();
  };
}
