/**
 * Gives a core its log for its whole life: the logger opens before any service (so what they write
 * while starting is kept), the services are built and every contract call runs in the logger's context
 * (logContext.ts), the console is bridged into it (consoleBridge.ts), the core's events become entries
 * (eventLog.ts), and the log is flushed and closed after the last service is disposed.
 */
import type { Answer } from '../../../src-shared/domain';
import type { Dispatch } from '../../../src-shared/rpc';
import type { Core } from '../core';
import { retainConsoleBridge } from './consoleBridge';
import { CoreLogger, LoggingOptions, openCoreLogger } from './coreLogger';
import { logCoreEvents } from './eventLog';
import { runWithLogger } from './logContext';

const ANSWER_METHODS = new Set(['chat.ask', 'chat.regenerate']);

export async function withCoreLogging(
  dataDir: string,
  options: LoggingOptions & { background?: boolean },
  build: (logger: CoreLogger) => Promise<Core>,
): Promise<Core> {
  const logger = await openCoreLogger(dataDir, options);
  const releaseConsole = retainConsoleBridge();
  const log = logger.for('core');
  let core: Core;
  try {
    core = await runWithLogger(logger, () => build(logger));
  } catch (error) {
    log.error({ err: error }, 'core failed to start');
    releaseConsole();
    await logger.close();
    throw error;
  }
  const stopEvents = logCoreEvents(core.events, logger);
  // The app and `phare serve` starting is worth a line; each one-shot CLI command (`phare logs` itself) is not.
  const background = options.background ?? true;
  log[background ? 'info' : 'debug']({ background, logLevel: logger.level }, 'core started');

  const dispatch: Dispatch = (method, input) =>
    runWithLogger(logger, async () => {
      const started = Date.now();
      const result = await core.dispatch(method, input);
      const ms = Date.now() - started;
      if (ANSWER_METHODS.has(String(method))) logAnswer(logger, String(method), ms, result);
      else log.debug({ method: String(method), ms, ok: result.ok, ...(result.ok ? {} : { code: result.error.code }) }, 'call');
      return result;
    });

  let disposed: Promise<void> | null = null;
  return {
    ...inContext(core, logger),
    dispatch,
    dispose() {
      disposed ??= (async () => {
        try {
          await runWithLogger(logger, () => core.dispose());
        } finally {
          stopEvents();
          log[background ? 'info' : 'debug']('core stopped');
          releaseConsole();
          await logger.close();
        }
      })();
      return disposed;
    },
  };
}

/** The core's other entry points (a test's `tickMonitoring`, say) run in its log's context too. */
function inContext(core: Core, logger: CoreLogger): Core {
  const wrapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(core)) {
    wrapped[key] = typeof value === 'function' ? (...args: unknown[]) => runWithLogger(logger, () => (value as (...a: unknown[]) => unknown).apply(core, args)) : value;
  }
  return wrapped as unknown as Core;
}

/** One line per answer: how it was made and how long it took, never the question or the answer. */
function logAnswer(logger: CoreLogger, method: string, ms: number, result: Awaited<ReturnType<Dispatch>>): void {
  const chat = logger.for('chat');
  if (!result.ok) {
    if (result.error.code !== 'VALIDATION') chat.warn({ method, ms, code: result.error.code }, 'answer failed');
    return;
  }
  // The dispatcher checked it against the contract's output schema: an Answer.
  const answer = result.value as Answer;
  chat.info(
    {
      method,
      messageId: answer.messageId ?? null,
      conversationId: answer.conversationId ?? null,
      mode: answer.mode,
      outcome: answer.outcome,
      model: answer.model,
      remote: answer.remote ?? false,
      sources: answer.sources.length,
      totalMs: answer.timings.totalMs,
      retrievalMs: answer.timings.retrievalMs,
      ttftMs: answer.timings.ttftMs,
      tokens: answer.timings.tokens,
      tokensPerSecond: answer.timings.tokensPerSecond,
    },
    'answer ready',
  );
}
