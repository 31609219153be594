/** Timings of an answer, in small print: enough to see where the seconds went. */
import { useTranslation } from 'react-i18next';
import type { Answer } from '../../../src-shared/domain';
import { baseName, formatMs, formatNumber } from '../../lib/format';
import { useAppStore } from '../../stores/appStore';

export function TimingsLine({ answer }: { answer: Answer }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const { timings } = answer;
  const parts = [t('chat.timings.retrieval', { ms: formatMs(timings.retrievalMs, lang) })];
  if (timings.ttftMs !== null) parts.push(t('chat.timings.ttft', { ms: formatMs(timings.ttftMs, lang) }));
  if (timings.tokens > 0) parts.push(t('chat.timings.tokens', { count: timings.tokens }));
  if (timings.tokensPerSecond !== null) parts.push(t('chat.timings.speed', { rate: formatNumber(timings.tokensPerSecond, lang, 1) }));
  parts.push(t('chat.timings.total', { ms: formatMs(timings.totalMs, lang) }));
  // A remote model's name is "remote:<label>", not a path: shown whole.
  if (answer.model) parts.push(t('chat.model', { name: answer.remote ? answer.model : baseName(answer.model) }));
  if (answer.remote) parts.push(t('remote.answerRemote'));
  return (
    <p className="timings" data-testid="timings">
      {parts.join(' · ')}
    </p>
  );
}
