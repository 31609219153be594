/** Server-sent events as they arrive from a socket: cut anywhere, with any line ending. */
import { describe, expect, it } from 'vitest';
import { sseData } from '../../../src-main/core/llm/remote/sseLines';

async function collect(chunks: Array<string | Uint8Array>): Promise<string[]> {
  async function* source() {
    for (const chunk of chunks) yield typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
  }
  const out: string[] = [];
  for await (const data of sseData(source())) out.push(data);
  return out;
}

describe('sseData', () => {
  it('yields each event data, skipping comments and other fields', async () => {
    expect(await collect([': keep-alive\n\nevent: message\nid: 7\ndata: {"a":1}\n\ndata: [DONE]\n\n'])).toEqual(['{"a":1}', '[DONE]']);
  });

  it('joins multi-line data and accepts a missing space after the colon', async () => {
    expect(await collect(['data:one\ndata: two\n\n'])).toEqual(['one\ntwo']);
  });

  it('handles CRLF and CR line ends, including a CRLF cut between two chunks', async () => {
    expect(await collect(['data: a\r\n\r\ndata: b\r', '\n\r\ndata: c\r\r'])).toEqual(['a', 'b', 'c']);
  });

  it('reassembles lines and UTF-8 characters cut between chunks', async () => {
    const bytes = new TextEncoder().encode('data: « réponse » [1]\n\n');
    const cut = bytes.indexOf(0xc3) + 1; // inside the two bytes of "é"
    expect(await collect([bytes.slice(0, 3), bytes.slice(3, cut), bytes.slice(cut)])).toEqual(['« réponse » [1]']);
  });

  it('delivers a last event that lacks its closing blank line', async () => {
    expect(await collect(['data: first\n\ndata: last'])).toEqual(['first', 'last']);
  });
});
