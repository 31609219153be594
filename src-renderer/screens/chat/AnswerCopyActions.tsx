/** Under a finished answer: copy it without its citations, or with them and the list of its sources. */
import { useTranslation } from 'react-i18next';
import type { Answer } from '../../../src-shared/domain';
import { CopyButton } from '../../components/CopyButton';
import { answerWithoutCitations, answerWithSources } from '../../lib/answerCopy';

export function AnswerCopyActions({ answer }: { answer: Answer }) {
  const { t } = useTranslation();
  return (
    <div className="answer-actions" role="group" aria-label={t('copy.actions')} data-testid="answer-actions">
      <CopyButton label={t('copy.answer')} testId="answer-copy" text={() => answerWithoutCitations(answer.answer, answer.sources)} />
      {answer.sources.length > 0 && (
        <CopyButton
          label={t('copy.answerWithSources')}
          testId="answer-copy-sources"
          text={() =>
            answerWithSources(answer.answer, answer.sources, {
              heading: t('chat.sources'),
              line: (s) => t('copy.sourceLine', { n: s.n, title: s.title, page: s.page }),
            })
          }
        />
      )}
    </div>
  );
}
