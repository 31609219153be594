/**
 * How an answer was made, from its stored trace (`chat.trace`): the query searched (and the follow-up
 * rewrite), the fused ranking and each list fused into it with ranks and scores, what was packed and
 * sent to the model, the model's settings, and the timings; the instructions added to the system prompt,
 * and, for a conversation with the model alone, that nothing was searched. Sections fold, the ranking open.
 */
import { useTranslation } from 'react-i18next';
import type { AnswerTrace } from '../../../src-shared/conversations';
import { baseName, formatMs, formatNumber } from '../../lib/format';
import { useAppStore } from '../../stores/appStore';

/** Short form of an id, enough to tell rows apart (the whole id is in the title). */
function shortId(id: string): string {
  return id.length > 10 ? `${id.slice(0, 8)}…` : id;
}

export function TraceView({ trace, titles }: { trace: AnswerTrace; titles: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const title = (documentId: string) => titles.get(documentId) ?? shortId(documentId);
  const sentAs = new Map<string, number>();
  for (const s of trace.packing.sent) for (const id of s.chunkIds) sentAs.set(id, s.n);
  const hitOf = new Map(trace.retrieval.hits.map((h) => [h.chunkId, h]));
  const score = (value: number) => formatNumber(value, lang, 4);
  const timings = trace.timings;

  return (
    <div className="trace" data-testid="trace">
      <dl className="trace-facts">
        <div>
          <dt>{t('trace.searchQuery')}</dt>
          <dd>{trace.searchQuery}</dd>
        </div>
        <div>
          <dt>{t('trace.rewrite')}</dt>
          <dd>{t(`trace.rewriteOutcome.${trace.rewrite.outcome}`)}</dd>
        </div>
        <div>
          <dt>{t('trace.retrievalMode')}</dt>
          <dd data-testid="trace-retrieval">
            {trace.conversationMode === 'model' ? (
              t('trace.modelOnly')
            ) : (
              <>
                {t(`trace.mode.${trace.retrieval.mode}`)} · {t('trace.topK', { count: trace.retrieval.topK })}
              </>
            )}
          </dd>
        </div>
        {trace.instructions && (
          <div>
            <dt>{t('trace.instructions')}</dt>
            <dd className="trace-instructions" data-testid="trace-instructions">
              {trace.instructions}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('trace.outcome')}</dt>
          <dd>{t(`trace.outcomes.${trace.outcome}`)}</dd>
        </div>
      </dl>
      {trace.error && <p className="answer-error">{trace.error.message}</p>}

      <details className="trace-section" open>
        <summary>{t('trace.ranking', { count: trace.retrieval.hits.length })}</summary>
        <table className="data-table" data-testid="trace-hits">
          <thead>
            <tr>
              <th className="num">{t('trace.rank')}</th>
              <th>{t('trace.document')}</th>
              <th className="num">{t('trace.page')}</th>
              <th className="num">{t('trace.score')}</th>
              <th>{t('trace.sent')}</th>
            </tr>
          </thead>
          <tbody>
            {trace.retrieval.hits.map((h) => (
              <tr key={`${h.rank}-${h.chunkId}`}>
                <td className="num">{h.rank}</td>
                <td title={h.chunkId}>{title(h.documentId)}</td>
                <td className="num">{h.page}</td>
                <td className="num">{score(h.score)}</td>
                <td>{sentAs.has(h.chunkId) ? `[${sentAs.get(h.chunkId)}]` : t('trace.notSent')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>

      {trace.retrieval.lists.map((list, i) => (
        <details key={`${list.source}-${i}`} className="trace-section">
          <summary>{t('trace.list', { source: list.source, weight: formatNumber(list.weight, lang, 2), count: list.chunkIds.length })}</summary>
          <table className="data-table">
            <thead>
              <tr>
                <th className="num">{t('trace.rank')}</th>
                <th>{t('trace.chunk')}</th>
                <th className="num">{t('trace.score')}</th>
                <th className="num">{t('trace.fusedRank')}</th>
                <th>{t('trace.sent')}</th>
              </tr>
            </thead>
            <tbody>
              {list.chunkIds.map((id, rank) => {
                const hit = hitOf.get(id);
                return (
                  <tr key={id}>
                    <td className="num">{rank + 1}</td>
                    <td title={id}>{hit ? t('trace.chunkAt', { title: title(hit.documentId), page: hit.page }) : shortId(id)}</td>
                    <td className="num">{list.scores?.[rank] === undefined ? '—' : score(list.scores[rank])}</td>
                    <td className="num">{hit ? hit.rank : '—'}</td>
                    <td>{sentAs.has(id) ? `[${sentAs.get(id)}]` : t('trace.notSent')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </details>
      ))}

      <details className="trace-section">
        <summary>{t('trace.packing', { count: trace.packing.sent.length })}</summary>
        <p className="small muted">
          {t('trace.budget', { budget: trace.packing.budgetTokens, answer: trace.packing.answerTokens, skipped: trace.packing.skippedChunkIds.length })}
        </p>
        <table className="data-table" data-testid="trace-packing">
          <thead>
            <tr>
              <th className="num">{t('trace.sourceN')}</th>
              <th>{t('trace.document')}</th>
              <th className="num">{t('trace.chunks')}</th>
              <th className="num">{t('trace.tokens')}</th>
            </tr>
          </thead>
          <tbody>
            {trace.packing.sent.map((s) => (
              <tr key={s.n}>
                <td className="num">[{s.n}]</td>
                <td>{title(s.documentId)}</td>
                <td className="num">{s.chunkIds.length}</td>
                <td className="num">{s.tokens}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>

      <details className="trace-section">
        <summary>{t('trace.modelAndTimings')}</summary>
        <dl className="trace-facts">
          <div>
            <dt>{t('trace.model')}</dt>
            <dd>{trace.model ? (trace.model.remote ? trace.model.file : baseName(trace.model.file)) : t('trace.noModel')}</dd>
          </div>
          {trace.model && (
            <div>
              <dt>{t('trace.modelSettings')}</dt>
              <dd>
                {t('trace.modelSettingsValue', {
                  contextSize: trace.model.contextSize,
                  temperature: formatNumber(trace.model.temperature, lang, 2),
                  maxTokens: trace.model.maxTokens,
                  threads: trace.model.threads,
                  gpu: trace.model.gpu,
                  // A count nests its plural unit; 'auto' is said in words.
                  layers: typeof trace.model.gpuLayers === 'number' ? t('units.gpuLayers', { count: trace.model.gpuLayers }) : t('trace.gpuLayersAuto'),
                })}
              </dd>
            </div>
          )}
          {trace.promptTokens !== null && (
            <div>
              <dt>{t('trace.promptTokens')}</dt>
              <dd>{formatNumber(trace.promptTokens, lang)}</dd>
            </div>
          )}
          {timings && (
            <div>
              <dt>{t('trace.timings')}</dt>
              <dd data-testid="trace-timings">
                {[
                  t('trace.timing.rewrite', { ms: formatMs(timings.rewriteMs, lang) }),
                  t('trace.timing.retrieval', { ms: formatMs(timings.retrievalMs, lang) }),
                  t('trace.timing.prompt', { ms: formatMs(timings.promptMs, lang) }),
                  timings.ttftMs === null ? null : t('trace.timing.ttft', { ms: formatMs(timings.ttftMs, lang) }),
                  t('trace.timing.generation', { ms: formatMs(timings.generationMs, lang) }),
                  t('trace.timing.total', { ms: formatMs(timings.totalMs, lang) }),
                  t('trace.timing.tokens', { count: timings.tokens }),
                  timings.tokensPerSecond === null ? null : t('trace.timing.speed', { rate: formatNumber(timings.tokensPerSecond, lang, 1) }),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </dd>
            </div>
          )}
        </dl>
      </details>
    </div>
  );
}
