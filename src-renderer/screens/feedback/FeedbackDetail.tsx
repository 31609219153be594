/**
 * One answer opened from the Feedback list: the question, the answer as it was given (from the
 * feedback's snapshot, so it shows even when the conversation is gone), its sources with their
 * cited / wrong marks, what the person said, every version of that feedback, and the answer's trace.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Source } from '../../../src-shared/domain';
import type { FeedbackSummary, FeedbackVersion } from '../../../src-shared/feedback';
import { formatDate } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import type { FeedbackDetailState } from '../../stores/feedbackListStore';
import { useLibraryStore } from '../../stores/libraryStore';
import { AnswerText } from '../chat/AnswerText';
import { useViewerStore } from '../viewer/viewerStore';
import { FeedbackVerdict } from './FeedbackVerdict';
import { TraceView } from './TraceView';
import { collectionLabel } from '../../lib/collectionName';

export function FeedbackDetail({ detail, summary, onClose }: { detail: FeedbackDetailState; summary: FeedbackSummary | undefined; onClose(): void }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const documents = useLibraryStore((s) => s.documents);
  const openViewer = useViewerStore((s) => s.open);
  const feedback = detail.feedback;
  const snapshot = feedback?.snapshot ?? null;

  const titles = useMemo(() => {
    const map = new Map<string, string>(documents.map((d) => [d.id, d.title]));
    for (const s of snapshot?.sources ?? []) map.set(s.documentId, s.title);
    return map;
  }, [documents, snapshot]);
  // The answer's citation chips need the shape of a live answer's sources.
  const sources = useMemo<Source[]>(
    () => (snapshot?.sources ?? []).map((s) => ({ n: s.n, documentId: s.documentId, title: s.title, page: s.page, score: 0, chunkId: s.chunkIds[0] ?? '', snippet: s.snippet })),
    [snapshot],
  );
  const current: FeedbackVersion | FeedbackSummary | undefined = feedback ?? summary;
  const question = snapshot?.question ?? summary?.question ?? detail.trace?.question ?? '';

  return (
    <section className="panel feedback-detail" aria-labelledby="feedback-detail-title" data-testid="feedback-detail" aria-busy={detail.loading}>
      <header className="detail-header">
        <h2 id="feedback-detail-title" tabIndex={-1}>
          {question || t('feedbackScreen.detail.title')}
        </h2>
        <button type="button" className="button button-small" onClick={onClose}>
          {t('feedbackScreen.detail.close')}
        </button>
      </header>
      {detail.loading && <p className="muted">{t('feedbackScreen.detail.loading')}</p>}
      {detail.error && (
        <p className="answer-error" role="alert">
          {localizeError(detail.error, lang)}
        </p>
      )}

      {current && (
        <>
          <h3>{t('feedbackScreen.detail.feedback')}</h3>
          <FeedbackVerdict feedback={current} />
          {current.comment && (
            <div className="feedback-quote">
              <span className="speaker">{t('feedbackScreen.detail.comment')}</span>
              <p data-testid="detail-comment">{current.comment}</p>
            </div>
          )}
          {current.correction && (
            <div className="feedback-quote">
              <span className="speaker">{t('feedbackScreen.detail.correction')}</span>
              <p>{current.correction}</p>
            </div>
          )}
        </>
      )}

      {snapshot && (
        <>
          <h3>{t('feedbackScreen.detail.answer')}</h3>
          <p className="small muted">
            {t(`feedbackScreen.mode.${snapshot.mode}`)} · {formatDate(snapshot.answeredAt, lang)}
            {snapshot.collection ? ` · ${collectionLabel(t, snapshot.collection)}` : ''}
          </p>
          <div className="feedback-answer">
            <AnswerText text={snapshot.answer} sources={sources} />
          </div>
          <h3>{t('feedbackScreen.detail.sources', { count: snapshot.sources.length })}</h3>
          <ol className="source-list" data-testid="detail-sources">
            {snapshot.sources.map((s) => {
              const wrong = feedback?.wrongSources.includes(s.n) ?? false;
              return (
                <li key={s.n} className="source" data-testid="detail-source" data-cited={String(s.cited)} data-wrong={String(wrong)}>
                  <button
                    type="button"
                    className="source-chip source-open"
                    title={t('citationCheck.openSource', { title: s.title, page: s.page })}
                    onClick={() => openViewer({ documentId: s.documentId, chunkId: s.chunkIds[0] ?? '', page: s.page, title: s.title })}
                  >
                    <span className="source-n">{s.n}</span>
                    <span className="source-title">{s.title}</span>
                    <span className="source-page">{t('chat.page', { page: s.page })}</span>
                  </button>{' '}
                  <span className={s.cited ? 'badge badge-ready' : 'badge'}>{s.cited ? t('feedback.cited') : t('feedback.notCited')}</span>{' '}
                  {wrong && <span className="badge badge-failed">{t('feedback.markedWrong')}</span>}{' '}
                  <span className="small muted">{t('feedbackScreen.detail.rank', { rank: s.rank, count: s.chunkIds.length })}</span>
                  <p className="source-snippet">{s.snippet}</p>
                </li>
              );
            })}
          </ol>
        </>
      )}

      {detail.history.length > 0 && (
        <>
          <h3>{t('feedbackScreen.detail.history', { count: detail.history.length })}</h3>
          <ol className="feedback-history" data-testid="feedback-history">
            {[...detail.history].reverse().map((v) => (
              <li key={v.version}>
                <span className="small muted">
                  {t('feedbackScreen.detail.version', { version: v.version })} · {formatDate(v.updatedAt, lang)}
                </span>
                <FeedbackVerdict feedback={v} />
                {v.comment && <p className="small">{v.comment}</p>}
              </li>
            ))}
          </ol>
        </>
      )}

      {!detail.loading && (
        <>
          <h3>{t('feedbackScreen.detail.trace')}</h3>
          {detail.trace ? (
            <TraceView trace={detail.trace} titles={titles} />
          ) : (
            <p className="muted" data-testid="trace-missing">
              {t('feedbackScreen.detail.noTrace')}
              {detail.traceError ? ` (${localizeError(detail.traceError, lang)})` : ''}
            </p>
          )}
        </>
      )}
    </section>
  );
}
