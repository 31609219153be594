/** The Feedback screen's filters; each change reloads the list (a filter that cannot match is explained instead). */
import { useTranslation } from 'react-i18next';
import { useFeedbackListStore } from '../../stores/feedbackListStore';
import { useLibraryStore } from '../../stores/libraryStore';
import { activeFilterCount, filterProblems, type FeedbackFilterForm } from './feedbackFilter';
import { collectionLabel } from '../../lib/collectionName';

const RATINGS = ['1', '2', '3', '4', '5'];
const CHECKS = ['hasComment', 'hasCorrection', 'needsAttention', 'includeWithdrawn'] as const;

export function FeedbackFilters() {
  const { t } = useTranslation();
  const form = useFeedbackListStore((s) => s.form);
  const setForm = useFeedbackListStore((s) => s.setForm);
  const clearFilters = useFeedbackListStore((s) => s.clearFilters);
  const collections = useLibraryStore((s) => s.collections);
  const problems = filterProblems(form);
  const active = activeFilterCount(form);

  const ratingSelect = (key: 'minRating' | 'maxRating') => (
    <label className="filter-select">
      <span>{t(`feedbackScreen.filters.${key}`)}</span>
      <select value={form[key]} aria-invalid={problems.ratings ? true : undefined} onChange={(e) => setForm({ [key]: e.target.value } as Partial<FeedbackFilterForm>)} data-testid={`filter-${key}`}>
        <option value="">{t('feedbackScreen.filters.any')}</option>
        {RATINGS.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="feedback-filters" role="search" aria-label={t('feedbackScreen.filters.label')} data-testid="feedback-filters">
      {ratingSelect('minRating')}
      {ratingSelect('maxRating')}
      <label className="filter-select">
        <span>{t('feedbackScreen.filters.thumbs')}</span>
        <select value={form.thumbs} onChange={(e) => setForm({ thumbs: e.target.value as FeedbackFilterForm['thumbs'] })} data-testid="filter-thumbs">
          <option value="">{t('feedbackScreen.filters.any')}</option>
          <option value="up">{t('feedback.thumbs.up')}</option>
          <option value="down">{t('feedback.thumbs.down')}</option>
        </select>
      </label>
      <label className="filter-select">
        <span>{t('feedbackScreen.filters.from')}</span>
        <input type="date" value={form.from} aria-invalid={problems.dates ? true : undefined} onChange={(e) => setForm({ from: e.target.value })} data-testid="filter-from" />
      </label>
      <label className="filter-select">
        <span>{t('feedbackScreen.filters.to')}</span>
        <input type="date" value={form.to} aria-invalid={problems.dates ? true : undefined} onChange={(e) => setForm({ to: e.target.value })} data-testid="filter-to" />
      </label>
      <label className="filter-select">
        <span>{t('feedbackScreen.filters.collection')}</span>
        <select value={form.collection} onChange={(e) => setForm({ collection: e.target.value })} data-testid="filter-collection">
          <option value="">{t('feedbackScreen.filters.anyCollection')}</option>
          {collections.map((c) => (
            <option key={c.name} value={c.name}>
              {collectionLabel(t, c.name)}
            </option>
          ))}
        </select>
      </label>
      {CHECKS.map((key) => (
        <label key={key} className="filter-check">
          <input type="checkbox" checked={form[key]} onChange={(e) => setForm({ [key]: e.target.checked } as Partial<FeedbackFilterForm>)} data-testid={`filter-${key}`} />
          {t(`feedbackScreen.filters.${key}`)}
        </label>
      ))}
      {active > 0 && (
        <button type="button" className="link-button" onClick={clearFilters}>
          {t('feedbackScreen.filters.clear', { count: active })}
        </button>
      )}
      {(problems.dates || problems.ratings) && (
        <p className="feedback-error filter-problem" role="alert">
          {problems.dates ? t('feedbackScreen.filters.datesReversed') : t('feedbackScreen.filters.ratingsReversed')}
        </p>
      )}
    </div>
  );
}
