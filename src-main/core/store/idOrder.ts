/**
 * The tie-break for results of equal score: plain code-unit order of their ids (not locale order, so
 * it is the same on every machine). LanceDB returns ties in whatever order its threads finish; with
 * this, the same question gives the same list every time.
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
