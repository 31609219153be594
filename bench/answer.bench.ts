/**
 * Answer-pipeline overhead excluding model time: retrieval + prompt building + the inference host's
 * transport, i.e. an answer's total time minus the time the model spent (prompt evaluation and
 * generation, measured inside the host). Uses the tiny chat model so model time stays small.
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
    for (const [i, question] of questions.entries()) {
      const answer = await bench.client.call('chat.ask', { question, requestId: `q${i}` });
      overhead.push(answer.timings.totalMs - answer.timings.generationMs);
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
      ],
    );
    console.log(`tiny model generation: ${fmt(percentile(tps, 50), 0)} tokens/s (p50)`);
  } finally {
    await bench.core.dispose();
  }
}
