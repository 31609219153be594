/**
 * Feedback under an answer: thumbs up / down in one click (saved at once), then optional details in a
 * panel: a 1-5 rating, a comment, a corrected answer and "wrong source for this question" marks on the
 * answer's sources. Save sends the whole form (it replaces the earlier version, which the core keeps
 * in the history); Withdraw takes the feedback back. Errors show here, in the user's language, and
 * the form keeps what was typed. Escape closes the details.
 */
import { useId, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '../../../src-shared/domain';
import type { Thumbs } from '../../../src-shared/feedback';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useFeedbackStore } from '../../stores/feedbackStore';
import { ThumbIcon } from '../../components/ThumbIcon';
import { citedSources, draftOf, hasProblems, isDirty, validateDraft } from './feedbackDraft';
import './answerFeedback.css';

const RATINGS = [1, 2, 3, 4, 5] as const;

export function FeedbackControls({ messageId, answer }: { messageId: string; answer: Answer }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const state = useFeedbackStore((s) => s.byMessage[messageId]);
  const { clickThumb, edit, toggleWrongSource, setOpen, revert, save, withdraw } = useFeedbackStore.getState();
  const id = useId();
  const detailsButton = useRef<HTMLButtonElement>(null);

  if (!state) return null;
  const { draft, saved, open, busy, error, outcome } = state;
  const problems = validateDraft(draft);
  const dirty = isDirty(draft, draftOf(saved));
  const cited = citedSources(answer);

  const thumb = (value: Thumbs) => (
    <button
      type="button"
      className={`thumb thumb-${value}`}
      aria-pressed={draft.thumbs === value}
      aria-label={t(`feedback.thumbs.${value}`)}
      title={t(`feedback.thumbs.${value}`)}
      disabled={busy}
      onClick={() => void clickThumb(messageId, value)}
      data-testid={`feedback-thumb-${value}`}
    >
      <ThumbIcon down={value === 'down'} />
    </button>
  );

  const closeDetails = () => {
    setOpen(messageId, false);
    detailsButton.current?.focus();
  };
  const onPanelKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    closeDetails();
  };

  const status = busy
    ? t('feedback.saving')
    : error
      ? null
      : dirty && saved
        ? t('feedback.unsaved')
        : outcome === 'withdrawn'
          ? t('feedback.withdrawn')
          : saved
            ? saved.version > 1
              ? t('feedback.savedVersion', { version: saved.version })
              : t('feedback.saved')
            : null;

  return (
    <div className="feedback" data-testid="feedback" data-saved={saved ? 'true' : 'false'} data-thumbs={saved?.thumbs ?? ''}>
      <div className="feedback-bar" role="group" aria-label={t('feedback.label')}>
        <span className="feedback-question small muted">{t('feedback.question')}</span>
        {thumb('up')}
        {thumb('down')}
        <button
          ref={detailsButton}
          type="button"
          className="link-button"
          aria-expanded={open}
          aria-controls={`${id}-details`}
          onClick={() => setOpen(messageId, !open)}
          data-testid="feedback-details-toggle"
        >
          {open ? t('feedback.hideDetails') : t('feedback.details')}
        </button>
        <span className="feedback-status small" role="status" data-testid="feedback-status">
          {status}
        </span>
      </div>
      {error && (
        <p className="feedback-error" role="alert" data-testid="feedback-error">
          {localizeError(error, lang)}
        </p>
      )}
      {open && (
        <div className="feedback-details" id={`${id}-details`} onKeyDown={onPanelKey} data-testid="feedback-details">
          <fieldset className="feedback-rating">
            <legend>{t('feedback.rating')}</legend>
            <label className="feedback-radio">
              <input type="radio" name={`${id}-rating`} checked={draft.rating === null} onChange={() => edit(messageId, { rating: null })} />
              {t('feedback.noRating')}
            </label>
            {RATINGS.map((r) => (
              <label key={r} className="feedback-radio">
                <input type="radio" name={`${id}-rating`} value={r} checked={draft.rating === r} onChange={() => edit(messageId, { rating: r })} />
                {t(`feedback.ratings.${r}`)}
              </label>
            ))}
          </fieldset>
          <label className="feedback-field">
            <span>{t('feedback.comment')}</span>
            <textarea
              rows={2}
              value={draft.comment}
              aria-invalid={problems.comment ? true : undefined}
              onChange={(e) => edit(messageId, { comment: e.target.value })}
              data-testid="feedback-comment"
            />
          </label>
          {problems.comment && <p className="feedback-error">{t('feedback.tooLong', { max: problems.comment.max })}</p>}
          <label className="feedback-field">
            <span>{t('feedback.correction')}</span>
            <textarea
              rows={3}
              value={draft.correction}
              aria-invalid={problems.correction ? true : undefined}
              onChange={(e) => edit(messageId, { correction: e.target.value })}
              data-testid="feedback-correction"
            />
          </label>
          {problems.correction && <p className="feedback-error">{t('feedback.tooLong', { max: problems.correction.max })}</p>}
          {answer.sources.length > 0 && (
            <fieldset className="feedback-sources">
              <legend>{t('feedback.wrongSources')}</legend>
              <ul>
                {answer.sources.map((s) => {
                  const wrong = draft.wrongSources.includes(s.n);
                  return (
                    <li key={s.n} className="feedback-source">
                      <button
                        type="button"
                        className="toggle"
                        aria-pressed={wrong}
                        // The name starts with the visible text, then says which source it marks.
                        aria-label={t('feedback.wrongSourceLabel', { action: wrong ? t('feedback.wrongSourceOn') : t('feedback.wrongSourceOff'), n: s.n, title: s.title, page: s.page })}
                        onClick={() => toggleWrongSource(messageId, s.n)}
                        data-testid="feedback-wrong-source"
                        data-n={s.n}
                      >
                        {wrong ? t('feedback.wrongSourceOn') : t('feedback.wrongSourceOff')}
                      </button>
                      <span className="source-n">{s.n}</span>
                      <span className="feedback-source-title">{s.title}</span>
                      <span className="source-page">{t('chat.page', { page: s.page })}</span>
                      <span className="small muted">{cited.has(s.n) ? t('feedback.cited') : t('feedback.notCited')}</span>
                    </li>
                  );
                })}
              </ul>
            </fieldset>
          )}
          {problems.direction && <p className="small muted">{t('feedback.needsDirection')}</p>}
          <div className="feedback-actions">
            <button
              type="button"
              className="button button-primary button-small"
              disabled={busy || hasProblems(problems) || (!dirty && saved !== null)}
              onClick={() => void save(messageId)}
              data-testid="feedback-save"
            >
              {t('feedback.save')}
            </button>
            {dirty && (
              <button type="button" className="button button-small" disabled={busy} onClick={() => revert(messageId)}>
                {t('feedback.revert')}
              </button>
            )}
            {saved && (
              <button type="button" className="button button-small" disabled={busy} onClick={() => void withdraw(messageId)} data-testid="feedback-withdraw">
                {t('feedback.withdraw')}
              </button>
            )}
            <button type="button" className="link-button" onClick={closeDetails}>
              {t('feedback.close')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
