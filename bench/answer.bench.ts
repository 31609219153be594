/**
 * Answer-pipeline overhead excluding model time: retrieval + prompt building + the inference host's
 * transport, i.e. an answer's total time minus the time the model spent (prompt evaluation and
 * generation, measured inside the host). Uses the tiny chat model so model time stays small.
 * Also the wall-clock time of the call minus generation, which adds the citation check (the model judging
 * each cited sentence) and storing the question, the answer and its trace in the conversation; and the
 * follow-up rewrite (model time, tiny model) on follow-ups.
 */
import { openBenchCore } from './benchCore';
import { fmt, percentile, printTable } from './benchLib';
import { benchModels } from './benchModels';
import { buildQaLibrary, loadQuestions } from './qaLibrary';

export async function benchAnswer(): Promise<void> {
  const { chatModel } = await benchModels();
  const bench = await openBenchCore('answer', { chatModelPath: chatModel, maxTokens: 32 });
  try {
    await buildQaLibrary(bench.client, 0, 1);
    const questions = loadQuestions(15).map((q) => q.question);
    // Warm-up loads the model in the host; it is not part of the per-answer overhead.
    await bench.client.call('chat.ask', { question: questions[0], requestId: 'warmup' });
    const overhead: number[] = [];
    const retrieval: number[] = [];
    const prompt: number[] = [];
    const tps: number[] = [];
    const wallOverhead: number[] = [];
    const rewrite: number[] = [];
    let conversationId: string | undefined;
    for (const [i, question] of questions.entries()) {
      // Every other question is a follow-up in the previous one's conversation (so it is rewritten first).
      const started = performance.now();
      const answer = await bench.client.call('chat.ask', { question, requestId: `q${i}`, conversationId: i % 2 ? conversationId : undefined });
      const wallMs = performance.now() - started;
      conversationId = answer.conversationId;
      const trace = await bench.client.call('chat.trace', { messageId: answer.messageId! });
      if (trace.rewrite.outcome !== 'first-question') rewrite.push(trace.rewrite.ms);
      wallOverhead.push(wallMs - answer.timings.generationMs - trace.rewrite.ms);
      overhead.push(answer.timings.totalMs - answer.timings.generationMs - trace.rewrite.ms);
      retrieval.push(answer.timings.retrievalMs);
      prompt.push(answer.timings.promptMs);
      if (answer.timings.tokensPerSecond) tps.push(answer.timings.tokensPerSecond);
    }
    printTable(
      `Answer pipeline overhead excluding model time (${questions.length} questions, tiny chat model, in-process client)`,
      ['measure', 'p50 ms', 'p95 ms'],
      [
        ['retrieval', fmt(percentile(retrieval, 50)), fmt(percentile(retrieval, 95))],
        ['prompt building (incl. token counting in the host)', fmt(percentile(prompt, 50)), fmt(percentile(prompt, 95))],
        ['total minus model time', fmt(percentile(overhead, 50)), fmt(percentile(overhead, 95))],
        ['call wall clock minus generation (incl. citation check with its judge, conversation + trace storage)', fmt(percentile(wallOverhead, 50)), fmt(percentile(wallOverhead, 95))],
        ['follow-up rewrite (model time, tiny model)', fmt(percentile(rewrite, 50)), fmt(percentile(rewrite, 95))],
      ],
    );
    console.log(`tiny model generation: ${fmt(percentile(tps, 50), 0)} tokens/s (p50)`);
  } finally {
    await bench.core.dispose();
  }
}
