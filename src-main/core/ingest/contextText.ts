/**
 * The text indexed for a chunk (full text and embeddings): the document title and the heading path
 * before the chunk's own text. A chunk deep in a document often never names its subject; the title
 * does (measured on the QA corpus: ~2 points of hit@5, see DESIGN.md and scripts/measure-chunking.ts).
 */
export function contextText(title: string, headingPath: readonly string[], text: string): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  for (const part of [title, ...headingPath]) {
    const clean = part.trim();
    // The title is often also the first heading: say it once.
    if (clean && !seen.has(clean.toLowerCase())) {
      seen.add(clean.toLowerCase());
      parts.push(clean);
    }
  }
  return parts.length ? `${parts.join(' — ')}\n${text}` : text;
}
