/**
 * Re-ingestion advice: each document the run found reading badly, with its reasons (phrased from their
 * codes and figures), the settings suggested, and what the judge said. "Re-ingest" starts the existing
 * re-ingestion with those settings after a confirmation; "Dismiss" closes the advice (reason optional).
 * Closed advice (applied, dismissed, closed by a re-ingestion) folds below.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Recommendation, SuggestedReingest } from '../../../src-shared/quality';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ReasonDialog } from '../../components/ReasonDialog';
import { formatDate } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useQualityStore } from '../../stores/qualityStore';
import { useSignalText } from './useSignalText';

const OPEN = new Set(['open', 'pending-review']);

function useSuggestedText(): (s: SuggestedReingest) => string {
  const { t } = useTranslation();
  return (s) => {
    const parts: string[] = [];
    if (s.ocr) parts.push(t('quality.recommendations.suggested.ocr', { mode: t(`library.manage.ocr.${s.ocr}`) }));
    if (s.chunkSize !== undefined) parts.push(t('quality.recommendations.suggested.chunkSize', { size: s.chunkSize }));
    if (s.chunkOverlap !== undefined) parts.push(t('quality.recommendations.suggested.chunkOverlap', { size: s.chunkOverlap }));
    return parts.length ? parts.join(' · ') : t('quality.recommendations.suggested.same');
  };
}

function RecommendationCard({ rec, onApply, onDismiss }: { rec: Recommendation; onApply(): void; onDismiss(): void }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const phrase = useSignalText();
  const suggested = useSuggestedText();
  const busy = useQualityStore((s) => s.busy[`rec:${rec.id}`] ?? false);
  const error = useQualityStore((s) => s.actionErrors[`rec:${rec.id}`]);
  const open = OPEN.has(rec.status);
  return (
    <li className="recommendation" data-testid="recommendation" data-id={rec.id} data-status={rec.status}>
      <div className="review-head">
        <span className={open ? 'badge badge-processing' : 'badge'}>{t(`quality.recommendations.status.${rec.status}`)}</span>
        <h3 className="review-title">{rec.documentTitle}</h3>
        <span className="small muted">{formatDate(rec.updatedAt, lang)}</span>
      </div>
      <ul className="recommendation-reasons">
        {rec.reasons.map((r, i) => (
          <li key={`${r.code}-${i}`} data-code={r.code}>
            {phrase(r.code, r.params)}
          </li>
        ))}
      </ul>
      <p className="small">
        <strong>{t('quality.recommendations.suggestedLabel')}</strong> {suggested(rec.suggested)}
      </p>
      {rec.judgeVerdict && (
        <p className="small muted">
          {t('quality.review.judgeSaid', { verdict: t(`quality.verdict.${rec.judgeVerdict}`) })}
          {rec.judgeReason ? ` — ${rec.judgeReason}` : ''}
        </p>
      )}
      {open && (
        <div className="review-actions">
          <button
            type="button"
            className="button button-primary button-small"
            disabled={busy}
            aria-label={t('quality.recommendations.applyLabel', { title: rec.documentTitle })}
            onClick={onApply}
            data-testid="recommendation-apply"
          >
            {t('quality.recommendations.apply')}
          </button>
          <button
            type="button"
            className="button button-small"
            disabled={busy}
            aria-label={t('quality.recommendations.dismissLabel', { title: rec.documentTitle })}
            onClick={onDismiss}
            data-testid="recommendation-dismiss"
          >
            {t('quality.recommendations.dismiss')}
          </button>
        </div>
      )}
      {error && (
        <p className="feedback-error" role="alert">
          {localizeError(error, lang)}
        </p>
      )}
    </li>
  );
}

export function Recommendations() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const recommendations = useQualityStore((s) => s.recommendations);
  const loaded = useQualityStore((s) => s.loaded.recommendations);
  const error = useQualityStore((s) => s.errors.recommendations);
  const apply = useQualityStore((s) => s.applyRecommendation);
  const dismiss = useQualityStore((s) => s.dismissRecommendation);
  const busy = useQualityStore((s) => s.busy);
  const actionErrors = useQualityStore((s) => s.actionErrors);
  const suggested = useSuggestedText();
  const [applying, setApplying] = useState<Recommendation | null>(null);
  const [dismissing, setDismissing] = useState<Recommendation | null>(null);
  const open = recommendations.filter((r) => OPEN.has(r.status));
  const closed = recommendations.filter((r) => !OPEN.has(r.status));

  return (
    <section aria-labelledby="recommendations-title" data-testid="recommendations">
      <h2 id="recommendations-title" className="panel-title" tabIndex={-1}>
        {t('quality.recommendations.title', { count: open.length })}
      </h2>
      <p className="muted small">{t('quality.recommendations.intro')}</p>
      {error && (
        <p className="answer-error" role="alert">
          {localizeError(error, lang)}
        </p>
      )}
      {loaded && open.length === 0 && !error && <p className="empty">{t('quality.recommendations.empty')}</p>}
      <ul className="review-list">
        {open.map((rec) => (
          <RecommendationCard key={rec.id} rec={rec} onApply={() => setApplying(rec)} onDismiss={() => setDismissing(rec)} />
        ))}
      </ul>
      {closed.length > 0 && (
        <details className="closed-recommendations">
          <summary>{t('quality.recommendations.closed', { count: closed.length })}</summary>
          <ul className="review-list">
            {closed.map((rec) => (
              <RecommendationCard key={rec.id} rec={rec} onApply={() => undefined} onDismiss={() => undefined} />
            ))}
          </ul>
        </details>
      )}
      {applying && (
        <ConfirmDialog
          title={t('quality.recommendations.confirmTitle', { title: applying.documentTitle })}
          body={t('quality.recommendations.confirmBody', { settings: suggested(applying.suggested) })}
          confirmLabel={t('quality.recommendations.apply')}
          cancelLabel={t('quality.cancel')}
          initialFocus="cancel"
          tone="primary"
          fallbackFocusId="recommendations-title"
          testId="recommendation-confirm"
          onCancel={() => setApplying(null)}
          onConfirm={() => {
            const id = applying.id;
            setApplying(null);
            void apply(id);
          }}
        />
      )}
      {dismissing && (
        <ReasonDialog
          title={t('quality.recommendations.dismissTitle', { title: dismissing.documentTitle })}
          body={t('quality.recommendations.dismissBody')}
          reasonLabel={t('quality.reasonOptional')}
          required={false}
          confirmLabel={t('quality.recommendations.dismiss')}
          cancelLabel={t('quality.cancel')}
          tone="primary"
          busy={busy[`rec:${dismissing.id}`]}
          error={actionErrors[`rec:${dismissing.id}`] ? localizeError(actionErrors[`rec:${dismissing.id}`], lang) : null}
          onConfirm={(reason) => dismiss(dismissing.id, reason)}
          onClose={() => setDismissing(null)}
          fallbackFocusId="recommendations-title"
        />
      )}
    </section>
  );
}
