/**
 * The parent side of the host protocol, over an in-memory channel: ids, streaming, aborts, validation
 * of what the host sends, and what a host death does to pending requests. (The same paths run
 * against a real host process in test/integration/llm.)
 */
import { describe, expect, it } from 'vitest';
import { PhareError } from '../../../src-shared/errors';
import { ParentMessageSchema } from '../../../src-main/core/llm/host/hostProtocol';
import { InferenceHost } from '../../../src-main/core/llm/inferenceHost';
import type { HostChannel } from '../../../src-main/core/llm/types';

/** A scripted host: records what the parent sends and lets the test answer. */
function fakeChannel() {
  const sent: unknown[] = [];
  let onMessage: (m: unknown) => void = () => undefined;
  let onExit: (code: number | null, signal: string | null) => void = () => undefined;
  let killed = false;
  const channel: HostChannel = {
    send: (m) => sent.push(m),
    onMessage: (l) => {
      onMessage = l;
    },
    onExit: (l) => {
      onExit = l;
    },
    kill: () => {
      killed = true;
      onExit(null, 'SIGKILL');
    },
  };
  return {
    channel,
    sent,
    reply: (m: unknown) => onMessage(m),
    exit: (code: number | null, signal: string | null) => onExit(code, signal),
    get killed() {
      return killed;
    },
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('InferenceHost (parent side)', () => {
  it('holds messages until the host is ready, then sends valid requests', async () => {
    const fake = fakeChannel();
    const host = new InferenceHost({ launcher: () => fake.channel });
    const pending = host.request('countTokens', { role: 'chat', text: 'hello' });
    expect(fake.sent).toHaveLength(0);
    fake.reply({ kind: 'ready', pid: 42 });
    expect(host.pid).toBe(42);
    expect(fake.sent).toHaveLength(1);
    const request = ParentMessageSchema.parse(fake.sent[0]);
    expect(request).toMatchObject({ kind: 'request', method: 'countTokens', params: { role: 'chat', text: 'hello' } });
    fake.reply({ kind: 'response', id: (request as { id: string }).id, ok: true, result: { count: 3 } });
    await expect(pending).resolves.toEqual({ count: 3 });
  });

  it('streams tokens to the right request and forwards an abort', async () => {
    const fake = fakeChannel();
    const host = new InferenceHost({ launcher: () => fake.channel });
    fake.reply({ kind: 'ready', pid: 1 });
    const deltas: string[] = [];
    const controller = new AbortController();
    const pending = host.request(
      'generate',
      { messages: [{ role: 'user', content: 'hi' }], maxTokens: 10, temperature: 0, purpose: 'chat' },
      { signal: controller.signal, onToken: (d) => deltas.push(d) },
    );
    const { id } = fake.sent[0] as { id: string };
    fake.reply({ kind: 'token', id, delta: 'a' });
    fake.reply({ kind: 'token', id: 'someone-else', delta: 'x' });
    fake.reply({ kind: 'token', id, delta: 'b' });
    controller.abort();
    expect(fake.sent.at(-1)).toEqual({ kind: 'abort', id });
    fake.reply({
      kind: 'response',
      id,
      ok: true,
      result: { text: 'ab', tokens: 2, promptTokens: 5, promptTokensEvaluated: 5, stopReason: 'aborted', ttftMs: 1, generationMs: 2 },
    });
    await expect(pending).resolves.toMatchObject({ stopReason: 'aborted', text: 'ab' });
    expect(deltas).toEqual(['a', 'b']);
  });

  it('turns error responses into PhareErrors and rejects results of the wrong shape', async () => {
    const fake = fakeChannel();
    const host = new InferenceHost({ launcher: () => fake.channel, onLog: () => undefined });
    fake.reply({ kind: 'ready', pid: 1 });
    const failing = host.request('loadChat', { path: '/x.gguf', gpuLayers: 0, contextSize: 512 });
    const wrong = host.request('countTokens', { role: 'chat', text: 'x' });
    const [first, second] = fake.sent as Array<{ id: string }>;
    fake.reply('garbage');
    fake.reply({ kind: 'response', id: first.id, ok: false, error: { code: 'MODEL_INVALID', message: 'm', params: { file: 'x.gguf', detail: 'd' } } });
    fake.reply({ kind: 'response', id: second.id, ok: true, result: { count: 'three' } });
    const e1 = await failing.catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(PhareError);
    expect((e1 as PhareError).code).toBe('MODEL_INVALID');
    const e2 = await wrong.catch((e: unknown) => e);
    expect((e2 as PhareError).code).toBe('INTERNAL');
  });

  it('rejects every pending request with MODEL_CRASHED when the host dies, and refuses new ones', async () => {
    const fake = fakeChannel();
    const exits: unknown[] = [];
    const host = new InferenceHost({ launcher: () => fake.channel, onExit: (e) => exits.push(e) });
    fake.reply({ kind: 'ready', pid: 1 });
    const a = host.request('countTokens', { role: 'chat', text: 'x' }).catch((e: unknown) => e);
    const b = host.request('embed', { texts: ['x'] }).catch((e: unknown) => e);
    fake.exit(null, 'SIGABRT');
    for (const error of await Promise.all([a, b])) {
      expect(error).toBeInstanceOf(PhareError);
      expect((error as PhareError).code).toBe('MODEL_CRASHED');
    }
    expect(host.alive).toBe(false);
    expect(host.pendingAtExit).toEqual(['countTokens', 'embed']);
    expect(exits).toEqual([{ code: null, signal: 'SIGABRT', expected: false }]);
    const late = await host.request('countTokens', { role: 'chat', text: 'x' }).catch((e: unknown) => e);
    expect((late as PhareError).code).toBe('MODEL_CRASHED');
  });

  it('stops gracefully with a shutdown message', async () => {
    const fake = fakeChannel();
    const host = new InferenceHost({ launcher: () => fake.channel });
    fake.reply({ kind: 'ready', pid: 1 });
    const stopping = host.stop();
    await flush();
    expect(fake.sent.at(-1)).toEqual({ kind: 'shutdown' });
    fake.exit(0, null);
    await stopping;
    expect(host.alive).toBe(false);
    expect(fake.killed).toBe(false);
  });
});
