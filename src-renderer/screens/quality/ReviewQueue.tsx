/**
 * Decisions waiting for a person: each candidate with the passage (or the re-ingestion reasons), its
 * document and page, its score and votes, why a person has to decide (no judge, a judge error), what
 * the judge said, and the evidence (the questions and comments it drew). Accept applies the decision,
 * Reject keeps things as they are; an optional reason goes to the audit log with it.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewItem } from '../../../src-shared/quality';
import { formatDate, formatNumber } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useQualityStore } from '../../stores/qualityStore';
import { useSignalText } from './useSignalText';

function ReviewCard({ item }: { item: ReviewItem }) {
  const { t, i18n } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const decide = useQualityStore((s) => s.decide);
  const busy = useQualityStore((s) => s.busy[`review:${item.id}`] ?? false);
  const error = useQualityStore((s) => s.actionErrors[`review:${item.id}`]);
  const phrase = useSignalText();
  // A re-ingestion item's reasons, phrased in the UI language from the recommendation's codes.
  const reasons = useQualityStore((s) => (item.recommendationId ? s.recommendations.find((r) => r.id === item.recommendationId)?.reasons : undefined));
  const [reason, setReason] = useState('');
  const card = useRef<HTMLLIElement>(null);
  const titleId = `review-${item.id}-title`;
  /** Decides; the card then leaves the queue, so the focus moves to the next one (or the queue's heading). */
  const run = async (accept: boolean) => {
    const next = card.current?.nextElementSibling ?? card.current?.previousElementSibling ?? null;
    if (!(await decide(item.id, accept, reason))) return;
    const target = next?.querySelector<HTMLElement>('input, button') ?? document.getElementById('review-title');
    target?.focus();
  };
  const why = i18n.exists(`quality.review.why.${item.why}`) ? t(`quality.review.why.${item.why}`) : item.why;

  return (
    <li ref={card} className="review-item" data-testid="review-item" data-id={item.id} data-kind={item.kind} aria-labelledby={titleId}>
      <div className="review-head">
        <span className={item.kind === 'blacklist' ? 'badge badge-failed' : 'badge badge-processing'}>{t(`quality.review.kind.${item.kind}`)}</span>
        <h3 id={titleId} className="review-title">
          {item.page === null ? item.documentTitle : t('quality.review.where', { title: item.documentTitle, page: item.page })}
        </h3>
        {item.score !== null && (
          <span className="small muted">{t('quality.review.score', { score: formatNumber(item.score, lang, 2), count: item.votes ?? 0 })}</span>
        )}
      </div>
      {reasons && reasons.length > 0 ? (
        <ul className="review-text recommendation-reasons">
          {reasons.map((r, i) => (
            <li key={`${r.code}-${i}`}>{phrase(r.code, r.params)}</li>
          ))}
        </ul>
      ) : (
        <p className="review-text">{item.text}</p>
      )}
      <p className="small">
        <strong>{t('quality.review.whyLabel')}</strong> {why}
        {item.judgeVerdict && ` · ${t('quality.review.judgeSaid', { verdict: t(`quality.verdict.${item.judgeVerdict}`) })}`}
      </p>
      {item.judgeError && <p className="small feedback-error">{localizeError({ ...item.judgeError, params: item.judgeError.params ?? {} }, lang)}</p>}
      {item.evidence.length > 0 && (
        <details className="review-evidence" open>
          <summary>{t('quality.review.evidence', { count: item.evidence.length })}</summary>
          <ul>
            {item.evidence.map((e, i) => (
              <li key={i}>
                <span className="review-evidence-question">{e.question}</span>
                <span className="small muted">
                  {[e.thumbs ? t(`feedback.thumbs.${e.thumbs === 'down' ? 'down' : 'up'}`) : null, e.rating !== null ? t('feedbackScreen.ratingValue', { rating: e.rating }) : null]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
                {e.comment && <span className="review-evidence-comment">{e.comment}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
      <p className="small muted">{t(`quality.review.explain.${item.kind}`)}</p>
      <div className="review-actions">
        <label className="review-reason">
          <span>{t('quality.review.reason')}</span>
          <input type="text" value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} data-testid="review-reason" />
        </label>
        <button type="button" className="button button-primary button-small" disabled={busy} onClick={() => void run(true)} data-testid="review-accept">
          {t('quality.review.accept')}
        </button>
        <button type="button" className="button button-small" disabled={busy} onClick={() => void run(false)} data-testid="review-reject">
          {t('quality.review.reject')}
        </button>
      </div>
      {error && (
        <p className="feedback-error" role="alert">
          {localizeError(error, lang)}
        </p>
      )}
      <p className="small muted">{t('quality.review.created', { date: formatDate(item.createdAt, lang) })}</p>
    </li>
  );
}

export function ReviewQueue() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const review = useQualityStore((s) => s.review);
  const loaded = useQualityStore((s) => s.loaded.review);
  const error = useQualityStore((s) => s.errors.review);
  return (
    <section aria-labelledby="review-title" data-testid="review-queue">
      <h2 id="review-title" className="panel-title" tabIndex={-1}>
        {t('quality.review.title', { count: review.length })}
      </h2>
      <p className="muted small">{t('quality.review.intro')}</p>
      {error && (
        <p className="answer-error" role="alert">
          {localizeError(error, lang)}
        </p>
      )}
      {loaded && review.length === 0 && !error && <p className="empty">{t('quality.review.empty')}</p>}
      <ul className="review-list">
        {review.map((item) => (
          <ReviewCard key={item.id} item={item} />
        ))}
      </ul>
    </section>
  );
}
