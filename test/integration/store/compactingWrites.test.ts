/**
 * Tables written a row at a time by many short processes (a script calling `phare ask` and `phare
 * feedback add` in a loop) stay compact: the decision to compact comes from the table's fragments, not
 * from a count of one process's writes. Each open/close of the conversation store stands for a process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterAll, expect, it } from 'vitest';
import { openConversationStore } from '../../../src-main/core/conversations/conversationStore';

const dir = mkdtempSync(join(tmpdir(), 'phare-compacting-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('keeps the small fragments of a table bounded across many one-write processes', async () => {
  for (let process = 0; process < 80; process++) {
    const store = await openConversationStore(dir);
    await store.addMessage({
      id: `m${process}`,
      conversationId: 'c',
      turn: process,
      role: 'user',
      content: `question ${process}`,
      createdAt: new Date().toISOString(),
      replyTo: null,
      supersededBy: null,
      answer: null,
      trace: null,
      error: null,
    });
    await store.close();
  }
  const db = await lancedb.connect(dir);
  const messages = await db.openTable('messages');
  const { fragmentStats } = await messages.stats();
  // 80 single-row writes: without the check there would be 80 fragments.
  expect(fragmentStats.numSmallFragments).toBeLessThanOrEqual(33);
  expect(await messages.countRows()).toBe(80);
  messages.close();
  db.close();
});
