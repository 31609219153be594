/**
 * Statistics of the last days (7 by default): questions and answers by mode, feedback with the average
 * rating and its histogram, corrected share, response times, ingestion and OCR success, runs, and the
 * loop's backlog (blacklisted passages, pending review, open recommendations).
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMs, formatNumber } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useQualityStore } from '../../stores/qualityStore';
import { formatPercent, histogramBars } from './qualityText';

const WINDOWS = [1, 7, 30, 90];

function Stat({ label, value, detail, testId }: { label: string; value: ReactNode; detail?: ReactNode; testId?: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <dt>{label}</dt>
      <dd>
        <span className="stat-value">{value}</span>
        {detail && <span className="stat-detail small muted">{detail}</span>}
      </dd>
    </div>
  );
}

export function StatsPanel() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const stats = useQualityStore((s) => s.stats);
  const days = useQualityStore((s) => s.statsDays);
  const setDays = useQualityStore((s) => s.setStatsDays);
  const error = useQualityStore((s) => s.errors.stats);
  const dash = '—';
  const pct = (v: number | null) => (v === null ? dash : formatPercent(v, lang, 1));
  const ms = (v: number | null) => (v === null ? dash : formatMs(v, lang));

  return (
    <section className="panel" aria-labelledby="stats-title" data-testid="stats-panel">
      <div className="panel-head">
        <h2 id="stats-title" className="panel-title">
          {t('quality.stats.title', { count: days })}
        </h2>
        <label className="filter-select">
          <span>{t('quality.stats.window')}</span>
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {WINDOWS.map((d) => (
              <option key={d} value={d}>
                {t('quality.stats.days', { count: d })}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p className="answer-error" role="alert">
          {localizeError(error, lang)}
        </p>
      )}
      {!stats ? (
        !error && <p className="muted">{t('quality.loading')}</p>
      ) : (
        <>
          <dl className="stats-grid">
            <Stat
              label={t('quality.stats.questions')}
              value={formatNumber(stats.questions, lang)}
              detail={t('quality.stats.byMode', { generative: stats.answersByMode.generative, extractive: stats.answersByMode.extractive, failed: stats.answersByMode.failed })}
              testId="stat-questions"
            />
            <Stat
              label={t('quality.stats.feedbacks')}
              value={formatNumber(stats.feedbacks, lang)}
              detail={t('quality.stats.thumbs', { up: stats.thumbsUp, down: stats.thumbsDown })}
              testId="stat-feedbacks"
            />
            <Stat label={t('quality.stats.averageRating')} value={stats.averageRating === null ? dash : t('quality.stats.outOf5', { value: formatNumber(stats.averageRating, lang, 2) })} testId="stat-average" />
            <Stat label={t('quality.stats.corrected')} value={pct(stats.correctedShare)} />
            <Stat label={t('quality.stats.response')} value={ms(stats.responseMs.p50)} detail={t('quality.stats.p50p95', { p50: ms(stats.responseMs.p50), p95: ms(stats.responseMs.p95) })} />
            <Stat
              label={t('quality.stats.answerShape')}
              value={stats.answerChars.mean === null ? dash : t('quality.stats.chars', { count: Math.round(stats.answerChars.mean) })}
              detail={stats.sourcesUsed.mean === null ? undefined : t('quality.stats.sourcesUsed', { value: formatNumber(stats.sourcesUsed.mean, lang, 1) })}
            />
            <Stat
              label={t('quality.stats.ingestion')}
              value={pct(stats.ingestion.successRate)}
              detail={t('quality.stats.ingestionDetail', { documents: stats.ingestion.documents, failed: stats.ingestion.failed })}
            />
            <Stat
              label={t('quality.stats.ocr')}
              value={pct(stats.ocr.successRate)}
              detail={t('quality.stats.ocrDetail', {
                pages: stats.ocr.pages,
                low: stats.ocr.lowConfidencePages,
                confidence: stats.ocr.meanConfidence === null ? dash : formatPercent(stats.ocr.meanConfidence > 1 ? stats.ocr.meanConfidence / 100 : stats.ocr.meanConfidence, lang),
              })}
            />
            <Stat label={t('quality.stats.runs')} value={formatNumber(stats.runs.completed, lang)} detail={t('quality.stats.runsDetail', { failed: stats.runs.failed, other: stats.runs.other })} />
            <Stat
              label={t('quality.stats.backlog')}
              value={formatNumber(stats.pendingReview, lang)}
              detail={t('quality.stats.backlogDetail', { blacklisted: stats.blacklistedChunks, recommendations: stats.openRecommendations })}
            />
          </dl>
          <h3 className="small">{t('quality.stats.histogram')}</h3>
          <table className="histogram" data-testid="rating-histogram">
            <tbody>
              {histogramBars(stats.ratingHistogram).map((bar) => (
                <tr key={bar.rating}>
                  <th scope="row">{t('feedbackScreen.ratingValue', { rating: bar.rating })}</th>
                  <td>
                    <meter min={0} max={100} value={bar.ofMax} aria-label={t('quality.stats.histogramBar', { rating: bar.rating, count: bar.count })} />
                  </td>
                  <td className="num">{formatNumber(bar.count, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
