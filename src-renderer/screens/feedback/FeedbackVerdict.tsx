/** What a feedback says, in one line: thumbs, rating, and its marks (correction, wrong sources, attention, withdrawn). */
import { useTranslation } from 'react-i18next';
import type { FeedbackVersion } from '../../../src-shared/feedback';
import { ThumbIcon } from '../../components/ThumbIcon';

type Verdict = Pick<FeedbackVersion, 'thumbs' | 'rating' | 'correction' | 'wrongSources' | 'needsAttention' | 'withdrawn'>;

export function FeedbackVerdict({ feedback: f }: { feedback: Verdict }) {
  const { t } = useTranslation();
  return (
    <span className="verdict" data-testid="verdict">
      {f.thumbs && (
        <span className={`verdict-thumb verdict-thumb-${f.thumbs}`} title={t(`feedback.thumbs.${f.thumbs}`)}>
          <ThumbIcon down={f.thumbs === 'down'} />
          <span className="visually-hidden">{t(`feedback.thumbs.${f.thumbs}`)}</span>
        </span>
      )}
      {f.rating !== null && <span className="verdict-rating">{t('feedbackScreen.ratingValue', { rating: f.rating })}</span>}
      {f.correction && <span className="badge badge-processing">{t('feedbackScreen.flags.corrected')}</span>}
      {f.wrongSources.length > 0 && <span className="badge badge-failed">{t('feedbackScreen.flags.wrongSources', { count: f.wrongSources.length })}</span>}
      {f.needsAttention && !f.withdrawn && <span className="badge badge-processing">{t('feedbackScreen.flags.attention')}</span>}
      {f.withdrawn && <span className="badge">{t('feedbackScreen.flags.withdrawn')}</span>}
    </span>
  );
}
