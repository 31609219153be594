/**
 * Server-sent events, as OpenAI-compatible servers stream chat completions: the `data` of each event,
 * in order. Written here rather than taken from a package because the part of the SSE format these
 * servers use is small (data lines, comments, blank-line separators, CR/LF/CRLF line ends), and bytes
 * arrive cut anywhere, including inside a UTF-8 sequence, which TextDecoder's stream mode handles.
 */
export async function* sseData(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let data: string[] = [];
  // A CR at the very end of a chunk may be the first half of a CRLF: wait for the next chunk.
  const lineEnd = /\r\n|\r(?!$)|\n/;

  function* takeLines(final: boolean): Generator<string> {
    for (;;) {
      const match = lineEnd.exec(buffer);
      if (!match) break;
      const line = buffer.slice(0, match.index);
      buffer = buffer.slice(match.index + match[0].length);
      yield* onLine(line);
    }
    if (final && buffer) {
      const line = buffer.replace(/\r$/, '');
      buffer = '';
      yield* onLine(line);
    }
  }

  function* onLine(line: string): Generator<string> {
    if (line === '') {
      if (data.length) yield data.join('\n');
      data = [];
      return;
    }
    if (line.startsWith(':')) return; // a comment (keep-alive)
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    // `event`, `id` and `retry` carry nothing these servers rely on.
  }

  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    yield* takeLines(false);
  }
  buffer += decoder.decode();
  yield* takeLines(true);
  // A stream that ends without the final blank line still delivers its last event.
  if (data.length) yield data.join('\n');
}
