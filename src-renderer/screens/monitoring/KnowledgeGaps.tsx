/**
 * Questions the library could not answer well (nothing found, or the best passage scored too low),
 * most recent first, over the days that match the chosen range: what to add to the library.
 */
import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useChatStore } from '../../stores/chatStore';
import { GAP_DAYS, GAPS_LIMIT, useMonitoringStore } from '../../stores/monitoringStore';

export function KnowledgeGaps() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const setScreen = useAppStore((s) => s.setScreen);
  const openConversation = useChatStore((s) => s.open);
  const gaps = useMonitoringStore((s) => s.gaps);
  const loaded = useMonitoringStore((s) => s.loaded.gaps);
  const error = useMonitoringStore((s) => s.errors.gaps);
  const range = useMonitoringStore((s) => s.range);
  const period = t('monitoring.gaps.period', { count: GAP_DAYS[range] });
  return (
    <section className="panel" aria-labelledby="gaps-title" data-testid="knowledge-gaps">
      <div className="panel-head">
        <h2 id="gaps-title" className="panel-title">
          {t('monitoring.gaps.title')}
        </h2>
        <span className="small muted" aria-live="polite">
          {gaps.length >= GAPS_LIMIT ? t('monitoring.gaps.countCapped', { count: gaps.length, period }) : t('monitoring.gaps.count', { count: gaps.length, period })}
        </span>
      </div>
      <p className="small muted">{t('monitoring.gaps.intro')}</p>
      {error && (
        <p className="answer-error" role="alert">
          {localizeError(error, lang)}
        </p>
      )}
      {loaded && !error && gaps.length === 0 ? (
        <p className="empty">{t('monitoring.gaps.empty', { period })}</p>
      ) : (
        gaps.length > 0 && (
          <table className="data-table" data-testid="gaps-table">
            <thead>
              <tr>
                <th scope="col">{t('monitoring.gaps.question')}</th>
                <th scope="col">{t('monitoring.gaps.askedAt')}</th>
                <th scope="col">{t('monitoring.gaps.reason')}</th>
                <th scope="col" className="num">
                  {t('monitoring.gaps.fullText')}
                </th>
                <th scope="col" className="num">
                  {t('monitoring.gaps.vector')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('monitoring.gaps.conversation')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {gaps.map((g) => (
                <tr key={g.messageId} data-testid="gap-row">
                  <td className="gap-question">{g.question}</td>
                  <td className="nowrap">{formatDate(g.askedAt, lang)}</td>
                  <td>
                    <span className={`badge ${g.reason === 'no-sources' ? 'badge-failed' : 'badge-processing'}`}>{t(`monitoring.gaps.reasons.${g.reason}`)}</span>
                  </td>
                  <td className="num">{g.bestFullText === null ? '—' : formatNumber(g.bestFullText, lang, 2)}</td>
                  <td className="num">{g.bestVectorDistance === null ? '—' : formatNumber(g.bestVectorDistance, lang, 3)}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={t('monitoring.gaps.openLabel', { question: g.question })}
                      onClick={() => {
                        void openConversation(g.conversationId);
                        setScreen('chat');
                      }}
                    >
                      {t('monitoring.gaps.open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
    </section>
  );
}
