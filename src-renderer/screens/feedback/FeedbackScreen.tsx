/**
 * Feedback: every rated answer, most recent first, with filters (rating, thumbs, dates, collection,
 * comment, correction, needs attention), exports (JSONL, CSV, training JSONL) of what the filters
 * select, and the answer a row opens (FeedbackDetail). The list is windowed; keyboard: ↑ ↓ Home End
 * PageUp PageDown move, Enter opens, Escape closes the answer.
 */
import { useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ThumbIcon } from '../../components/ThumbIcon';
import { downloadText } from '../../lib/download';
import { formatDate, formatNumber } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useFeedbackListStore, type ExportKind } from '../../stores/feedbackListStore';
import { useLibraryStore } from '../../stores/libraryStore';
import { VirtualList } from '../library/VirtualList';
import { FeedbackDetail } from './FeedbackDetail';
import { FeedbackFilters } from './FeedbackFilters';
import { FEEDBACK_LIST_LIMIT } from './feedbackFilter';
import './feedback.css';

const ROW_HEIGHT = 60;
const LIST_HEIGHT = 480;
const EXPORTS: ExportKind[] = ['jsonl', 'csv', 'training'];

export function FeedbackScreen() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const { items, loaded, loading, error, detail, exporting, exportError, setActive, open, close, exportFeedback } = useFeedbackListStore();
  const refreshManagement = useLibraryStore((s) => s.refreshManagement);
  const [active, setActiveRow] = useState(0);
  const [focusRequest, setFocusRequest] = useState(0);

  useEffect(() => {
    setActive(true);
    void refreshManagement();
    return () => setActive(false);
  }, [setActive, refreshManagement]);
  useEffect(() => setActiveRow((i) => Math.max(0, Math.min(i, items.length - 1))), [items.length]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor(LIST_HEIGHT / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + page, PageUp: active - page, Home: 0, End: items.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      setFocusRequest((n) => n + 1);
      setActiveRow(Math.max(0, Math.min(items.length - 1, moves[e.key])));
    }
  };

  const runExport = async (kind: ExportKind) => {
    const file = await exportFeedback(kind);
    if (file) downloadText(file.fileName, file.mime, file.content);
  };

  const closeDetail = () => {
    close();
    document.querySelector<HTMLElement>(`[data-testid="feedback-row"][data-index="${active}"]`)?.focus();
  };

  return (
    <section className="screen feedback-screen" aria-labelledby="feedback-title">
      <div className="screen-head">
        <div>
          <h1 id="feedback-title" tabIndex={-1}>
            {t('feedbackScreen.title')}
          </h1>
          <p className="muted">{t('feedbackScreen.intro')}</p>
        </div>
        <div className="export-actions" role="group" aria-label={t('feedbackScreen.export.label')}>
          {EXPORTS.map((kind) => (
            <button key={kind} type="button" className="button button-small" disabled={exporting !== null} onClick={() => void runExport(kind)} data-testid={`feedback-export-${kind}`}>
              {exporting === kind ? t('feedbackScreen.export.busy') : t(`feedbackScreen.export.${kind}`)}
            </button>
          ))}
        </div>
      </div>
      {exportError && (
        <p className="answer-error" role="alert">
          {localizeError(exportError, lang)}
        </p>
      )}

      <FeedbackFilters />

      {error && (
        <p className="answer-error" role="alert" data-testid="feedback-list-error">
          {localizeError(error, lang)}
        </p>
      )}
      <div className="feedback-layout">
        <div className="feedback-list-column">
          <p className="muted small" aria-live="polite" data-testid="feedback-count">
            {loading && !loaded
              ? t('feedbackScreen.loading')
              : items.length >= FEEDBACK_LIST_LIMIT
                ? t('feedbackScreen.countCapped', { count: items.length, shown: formatNumber(items.length, lang) })
                : t('feedbackScreen.count', { count: items.length, shown: formatNumber(items.length, lang) })}
          </p>
          {loaded && items.length === 0 ? (
            <p className="empty">{t('feedbackScreen.empty')}</p>
          ) : (
            <VirtualList
              count={items.length}
              rowHeight={ROW_HEIGHT}
              height={Math.min(LIST_HEIGHT, items.length * ROW_HEIGHT + 2)}
              activeIndex={active}
              focusRequest={focusRequest}
              label={t('feedbackScreen.list')}
              testId="feedback-list"
              className="feedback-list"
              onKeyDown={onKeyDown}
              renderRow={(i) => {
                const f = items[i];
                const selected = detail?.messageId === f.messageId;
                return (
                  <button
                    type="button"
                    className={`feedback-row${i === active ? ' feedback-row-active' : ''}${selected ? ' feedback-row-selected' : ''}`}
                    data-row-focus
                    data-testid="feedback-row"
                    data-index={i}
                    data-message-id={f.messageId}
                    tabIndex={i === active ? 0 : -1}
                    aria-current={selected ? 'true' : undefined}
                    onClick={() => {
                      setActiveRow(i);
                      void open(f.messageId);
                    }}
                  >
                    <span className="feedback-row-top">
                      <span className="feedback-row-question">{f.question}</span>
                      <span className="small muted nowrap">{formatDate(f.updatedAt, lang)}</span>
                    </span>
                    <span className="feedback-row-bottom small">
                      {f.thumbs && (
                        <span className={`verdict-thumb verdict-thumb-${f.thumbs}`}>
                          <ThumbIcon down={f.thumbs === 'down'} />
                          <span className="visually-hidden">{t(`feedback.thumbs.${f.thumbs}`)}</span>
                        </span>
                      )}
                      {f.rating !== null && <span className="verdict-rating">{t('feedbackScreen.ratingValue', { rating: f.rating })}</span>}
                      {f.comment && <span className="badge">{t('feedbackScreen.flags.comment')}</span>}
                      {f.correction && <span className="badge badge-processing">{t('feedbackScreen.flags.corrected')}</span>}
                      {f.wrongSources.length > 0 && <span className="badge badge-failed">{t('feedbackScreen.flags.wrongSources', { count: f.wrongSources.length })}</span>}
                      {f.needsAttention && !f.withdrawn && <span className="badge badge-processing">{t('feedbackScreen.flags.attention')}</span>}
                      {f.withdrawn && <span className="badge">{t('feedbackScreen.flags.withdrawn')}</span>}
                      <span className="muted feedback-row-collection">{f.collection ?? t('feedbackScreen.wholeLibrary')}</span>
                    </span>
                  </button>
                );
              }}
            />
          )}
          {items.length > 0 && <p className="muted small">{t('feedbackScreen.keyboardHint')}</p>}
        </div>
        {detail && (
          <div
            className="feedback-detail-column"
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                closeDetail();
              }
            }}
          >
            <FeedbackDetail detail={detail} summary={items.find((f) => f.messageId === detail.messageId)} onClose={closeDetail} />
          </div>
        )}
      </div>
    </section>
  );
}
