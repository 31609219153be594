/** One exchange: the question, then the answer (streaming, final, or failed) with its sources. */
import { useTranslation } from 'react-i18next';
import type { Source } from '../../../src-shared/domain';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { currentMode, useChatStore, type ChatMessage } from '../../stores/chatStore';
import { useFeedbackStore } from '../../stores/feedbackStore';
import { AnswerCopyActions } from './AnswerCopyActions';
import { AnswerText } from './AnswerText';
import { FeedbackControls } from './FeedbackControls';
import { SourceList } from './SourceList';
import { TimingsLine } from './TimingsLine';

/** An extract's passages, each cited by its number. */
const extractBody = (sources: readonly Source[]) => sources.map((s) => `[${s.n}] ${s.snippet}`).join('\n\n');

export function MessageItem({ message: m }: { message: ChatMessage }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const answer = m.answer;
  const modelOnly = useChatStore((s) => currentMode(s) === 'model');
  // Sources marked wrong in the saved feedback are flagged in the list under the answer.
  const wrongSources = useFeedbackStore((s) => (m.messageId ? s.byMessage[m.messageId]?.saved?.wrongSources : undefined));
  return (
    <article className="exchange" data-testid="chat-message" data-state={m.state}>
      <div className="question">
        <span className="speaker">{t('chat.you')}</span>
        <p className="question-text">{m.question}</p>
      </div>
      <div className="answer">
        <span className="speaker">{t('chat.assistant')}</span>
        {answer?.modelOnly && (
          <p className="model-only-label" data-testid="model-only-label">
            {t('conversationSettings.modelOnlyLabel')}
          </p>
        )}
        {answer?.mode === 'extractive' && (
          <p className="extractive-label" data-testid="extractive-label">
            {t('chat.extractive')}
          </p>
        )}
        {answer ? (
          // The core's no-sources text is in the saved language; the UI's own says the same in the shown one.
          // An extract's stored text (for exports and the CLI) opens with a line in the question's language:
          // here the label above, in the UI's language, takes its place, and the passages, each with its
          // citation, show once (the Sources below then list only where they come from).
          answer.outcome === 'no-sources' ? (
            <p className="muted">{t('chat.noSources')}</p>
          ) : answer.mode === 'extractive' ? (
            <AnswerText text={extractBody(answer.sources)} sources={answer.sources} check={null} />
          ) : (
            <AnswerText text={answer.answer} sources={answer.sources} check={answer.citationCheck} />
          )
        ) : (
          <div className="answer-text streaming" data-testid="streamed-text" data-streamed-chars={m.streamed.length}>
            {m.streamed || (m.state === 'streaming' ? <span className="muted">{modelOnly ? t('conversationSettings.thinking') : t('chat.thinking')}</span> : null)}
            {m.state === 'streaming' && <span className="cursor" aria-hidden="true" />}
          </div>
        )}
        {answer?.outcome === 'cancelled' && (
          <p className="muted small" data-testid="answer-cancelled">
            {t('chat.cancelled')}
          </p>
        )}
        {m.error && (
          <p className="answer-error" role="alert">
            {localizeError(m.error, lang)}
          </p>
        )}
        {answer && answer.sources.length > 0 && (
          <SourceList sources={answer.sources} requestId={m.requestId} wrongSources={wrongSources} withSnippets={answer.mode !== 'extractive'} />
        )}
        {answer && <TimingsLine answer={answer} />}
        {answer && m.state === 'done' && answer.outcome !== 'no-sources' && answer.answer.trim() && <AnswerCopyActions answer={answer} />}
        {answer && m.messageId && m.state === 'done' && <FeedbackControls messageId={m.messageId} answer={answer} />}
      </div>
    </article>
  );
}
