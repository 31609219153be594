/**
 * Passages by their quality flags: blacklisted (out of every search), whitelisted (never a candidate),
 * and the scored ones, lowest first. Each can be restored, blacklisted or whitelisted by hand, with a
 * reason (required: it goes to the audit log), after a confirmation whose focus starts on Cancel.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChunkQuality } from '../../../src-shared/quality';
import { ReasonDialog } from '../../components/ReasonDialog';
import { formatNumber } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { useQualityStore, type ChunkList } from '../../stores/qualityStore';

type FlagAction = 'blacklist' | 'whitelist' | 'restore';
const LISTS: ChunkList[] = ['blacklisted', 'whitelisted', 'scored'];
/** What can be done from each list. */
const ACTIONS: Record<ChunkList, FlagAction[]> = {
  blacklisted: ['restore', 'whitelist'],
  whitelisted: ['restore'],
  scored: ['blacklist', 'whitelist'],
};
const PREVIEW_CHARS = 220;

export function PassageLists() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const chunks = useQualityStore((s) => s.chunks);
  const error = useQualityStore((s) => s.errors.chunks);
  const actionErrors = useQualityStore((s) => s.actionErrors);
  const busy = useQualityStore((s) => s.busy);
  const setChunkFlag = useQualityStore((s) => s.setChunkFlag);
  const clearActionError = useQualityStore((s) => s.clearActionError);
  const [list, setList] = useState<ChunkList>('blacklisted');
  const [pending, setPending] = useState<{ chunk: ChunkQuality; action: FlagAction } | null>(null);
  const rows = chunks[list];

  return (
    <section aria-labelledby="passages-title" data-testid="passage-lists">
      <h2 id="passages-title" className="panel-title" tabIndex={-1}>
        {t('quality.passages.title')}
      </h2>
      <div className="segmented" role="group" aria-label={t('quality.passages.which')}>
        {LISTS.map((l) => (
          <button key={l} type="button" className="segment" aria-pressed={list === l} onClick={() => setList(l)} data-testid={`passages-${l}`}>
            {t(`quality.passages.lists.${l}`, { count: chunks[l].length })}
          </button>
        ))}
      </div>
      <p className="muted small">{t(`quality.passages.intro.${list}`)}</p>
      {error && (
        <p className="answer-error" role="alert">
          {localizeError(error, lang)}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="empty">{t(`quality.passages.empty.${list}`)}</p>
      ) : (
        <table className="data-table passages-table" data-testid="passages-table">
          <thead>
            <tr>
              <th>{t('quality.passages.text')}</th>
              <th>{t('quality.passages.document')}</th>
              <th className="num">{t('quality.passages.score')}</th>
              <th className="num">{t('quality.passages.votes')}</th>
              <th>
                <span className="visually-hidden">{t('quality.passages.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.chunkId} data-testid="passage-row" data-chunk-id={c.chunkId} className={c.blacklisted ? 'passage-blacklisted' : undefined}>
                <td className="passage-text" title={c.text}>
                  {c.text.length > PREVIEW_CHARS ? `${c.text.slice(0, PREVIEW_CHARS)}…` : c.text}
                  {actionErrors[`chunk:${c.chunkId}`] && !pending && <p className="feedback-error">{localizeError(actionErrors[`chunk:${c.chunkId}`], lang)}</p>}
                </td>
                <td>
                  {c.documentTitle}
                  <span className="small muted"> · {t('chat.page', { page: c.page })}</span>
                </td>
                <td className="num">{c.score === null ? '—' : formatNumber(c.score, lang, 2)}</td>
                <td className="num">{c.votes}</td>
                <td className="row-actions">
                  {ACTIONS[list].map((action) => (
                    <button
                      key={action}
                      type="button"
                      className="button button-small"
                      disabled={busy[`chunk:${c.chunkId}`]}
                      aria-label={t(`quality.passages.actionLabel.${action}`, { title: c.documentTitle, page: c.page })}
                      onClick={() => {
                        clearActionError(`chunk:${c.chunkId}`);
                        setPending({ chunk: c, action });
                      }}
                      data-testid={`passage-${action}`}
                    >
                      {t(`quality.passages.action.${action}`)}
                    </button>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pending && (
        <ReasonDialog
          title={t(`quality.passages.confirm.${pending.action}.title`)}
          body={t(`quality.passages.confirm.${pending.action}.body`, { title: pending.chunk.documentTitle, page: pending.chunk.page })}
          reasonLabel={t('quality.passages.reasonRequired')}
          required
          confirmLabel={t(`quality.passages.action.${pending.action}`)}
          cancelLabel={t('quality.cancel')}
          tone={pending.action === 'blacklist' ? 'danger' : 'primary'}
          busy={busy[`chunk:${pending.chunk.chunkId}`]}
          error={actionErrors[`chunk:${pending.chunk.chunkId}`] ? localizeError(actionErrors[`chunk:${pending.chunk.chunkId}`], lang) : null}
          onConfirm={async (reason) => {
            const done = await setChunkFlag(pending.chunk.chunkId, pending.action, reason);
            // The passage leaves the list it was in: the focus waits at the list's heading.
            if (done) setTimeout(() => document.getElementById('passages-title')?.focus(), 0);
            return done;
          }}
          onClose={() => setPending(null)}
          testId="passage-dialog"
          fallbackFocusId="passages-title"
        />
      )}
    </section>
  );
}
