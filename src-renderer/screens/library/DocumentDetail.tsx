/**
 * One document in detail: its record, the checks run after its ingestion, its pages (text layer or
 * OCR, with tesseract's confidence and the low-confidence flag) and its passages with their pages
 * (a blacklisted passage greyed with its badge, a whitelisted one badged, each with its satisfaction score).
 * Read through `library.detail`; refreshed when the document changes (re-embedded, re-ingested). The
 * document can be opened in the viewer (with its search) and moved to another collection from here (MoveDocumentDialog).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentDetail as Detail } from '../../../src-shared/domain';
import { formatDate, formatNumber } from '../../lib/format';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { client } from '../../transport/client';
import { useViewerStore } from '../viewer/viewerStore';
import { MoveDocumentDialog } from './MoveDocumentDialog';
import { ocrReasonText, ocrReasonsText } from './ocrReasonsText';
import './documentDetail.css';
import { collectionLabel } from '../../lib/collectionName';

/** Characters of a passage shown before it is cut (the whole text is in its title attribute). */
const PREVIEW_CHARS = 280;

export function DocumentDetail({ documentId, onClose }: { documentId: string; onClose(): void }) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [moving, setMoving] = useState(false);
  const openViewer = useViewerStore((s) => s.open);

  useEffect(() => {
    let live = true;
    const load = () =>
      client.call('library.detail', { id: documentId }).then(
        (value) => live && (setDetail(value), setError(null)),
        (reason: unknown) => live && setError(reason instanceof Error ? reason.message : String(reason)),
      );
    void load();
    const off = client.on('library.changed', ({ documentIds }) => {
      if (documentIds.length === 0 || documentIds.includes(documentId)) void load();
    });
    // Passages blacklisted, whitelisted or restored show their new state.
    const offQuality = client.on('quality.changed', () => void load());
    return () => {
      live = false;
      off();
      offQuality();
    };
  }, [documentId]);

  const header = (
    <header className="detail-header">
      <h2>{detail?.document.title ?? t('documentDetail.title')}</h2>
      {detail && (
        <button
          type="button"
          className="button button-small"
          onClick={() => openViewer({ documentId, chunkId: null, page: 1, title: detail.document.title })}
          data-testid="document-open-viewer"
        >
          {t('documentDetail.open')}
        </button>
      )}
      {detail && (
        <button type="button" className="button button-small" onClick={() => setMoving(true)} data-testid="document-move">
          {t('documentDetail.move')}
        </button>
      )}
      <button type="button" className="button button-small" onClick={onClose}>
        {t('documentDetail.close')}
      </button>
    </header>
  );
  if (error) {
    return (
      <section className="document-detail" data-testid="document-detail" aria-live="polite">
        {header}
        <p className="doc-error">{error}</p>
      </section>
    );
  }
  if (!detail) {
    return (
      <section className="document-detail" data-testid="document-detail" aria-busy="true">
        {header}
        <p className="muted">{t('documentDetail.loading')}</p>
      </section>
    );
  }

  const d = detail.document;
  const low = new Set(d.lowConfidencePages);
  const fields: Array<[string, string]> = [
    [t('documentDetail.fields.source'), d.sourcePath],
    [t('documentDetail.fields.collection'), collectionLabel(t, d.collection)],
    [t('documentDetail.fields.status'), t(`library.docStatus.${d.status}`)],
    [t('documentDetail.fields.type'), d.mime],
    [t('documentDetail.fields.size'), `${formatNumber(d.sizeBytes / 1024, lang, 1)} KB`],
    [t('documentDetail.fields.language'), d.language],
    [t('documentDetail.fields.ocrMode'), d.ocrMode],
    [
      t('documentDetail.fields.ocrPages'),
      d.ocrPages === 0 ? t('documentDetail.ocrNone') : (ocrReasonsText(t, d, 'full') ?? t('documentDetail.ocrNotRecorded', { count: d.ocrPages })),
    ],
    [t('documentDetail.fields.embedder'), d.embedder || t('documentDetail.fields.noEmbedder')],
    [t('documentDetail.fields.added'), formatDate(d.createdAt, lang)],
    [t('documentDetail.fields.updated'), formatDate(d.updatedAt, lang)],
  ];
  const validation = detail.validation;

  return (
    <section className="document-detail" data-testid="document-detail">
      {header}
      {moving && <MoveDocumentDialog document={d} onClose={() => setMoving(false)} />}
      {d.error && <p className="doc-error">{localizeError({ ...d.error, params: d.error.params ?? {} }, lang)}</p>}

      <h3>{t('documentDetail.metadata')}</h3>
      <dl className="detail-fields">
        {fields.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>

      <h3>{t('documentDetail.validation')}</h3>
      <div data-testid="document-validation" data-ok={validation ? String(validation.ok) : 'unknown'}>
        <p className={validation && !validation.ok ? 'doc-error' : 'muted'}>
          {!validation ? t('documentDetail.validationNone') : validation.ok ? t('documentDetail.validationOk') : t('documentDetail.validationFailed')}
        </p>
        {validation && (
          <ul className="detail-checks">
            {validation.checks.map((check) => (
              <li key={check.name} data-ok={String(check.ok)} title={check.detail}>
                <span aria-hidden="true">{check.ok ? '✓' : '✗'}</span> {t(`documentDetail.checks.${check.name}`)}
                <span className="muted small"> — {check.detail}</span>
              </li>
            ))}
          </ul>
        )}
      </div>

      <h3>{t('documentDetail.pages', { count: detail.pages.length })}</h3>
      <table className="detail-pages" data-testid="document-pages">
        <thead>
          <tr>
            <th>{t('documentDetail.page')}</th>
            <th className="num">{t('documentDetail.chars')}</th>
            <th>{t('documentDetail.origin')}</th>
            <th className="num">{t('documentDetail.confidence')}</th>
          </tr>
        </thead>
        <tbody>
          {detail.pages.map((p) => (
            <tr key={p.page} data-ocr={String(p.ocr)}>
              <td>{p.page}</td>
              <td className="num">{formatNumber(p.chars, lang)}</td>
              <td>
                {!p.ocr
                  ? t('documentDetail.fromText')
                  : p.ocrReason
                    ? t('documentDetail.fromOcrBecause', { reason: ocrReasonText(t, p.ocrReason, 'short') })
                    : t('documentDetail.fromOcr')}
              </td>
              <td className="num">
                {p.confidence === null ? '—' : `${formatNumber(p.confidence, lang)} %`}
                {low.has(p.page) && <span className="badge badge-failed"> {t('documentDetail.lowConfidence')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>{t('documentDetail.chunks', { count: detail.chunks.length })}</h3>
      <ol className="detail-chunks" data-testid="document-chunks">
        {detail.chunks.map((c) => (
          <li
            key={c.id}
            className={c.blacklisted ? 'chunk-blacklisted' : undefined}
            data-testid="document-chunk"
            data-blacklisted={String(c.blacklisted)}
            data-whitelisted={String(c.whitelisted)}
          >
            <div className="muted small">
              {c.blacklisted && (
                <span className="badge badge-failed" title={t('documentDetail.blacklistedHint')} data-testid="chunk-blacklisted-badge">
                  {t('documentDetail.blacklisted')}
                </span>
              )}
              {c.whitelisted && (
                <span className="badge badge-ready" title={t('documentDetail.whitelistedHint')}>
                  {t('documentDetail.whitelisted')}
                </span>
              )}
              {(c.blacklisted || c.whitelisted) && ' '}
              {c.pageStart === c.pageEnd ? t('documentDetail.chunkPages', { start: c.pageStart }) : t('documentDetail.chunkPageSpan', { start: c.pageStart, end: c.pageEnd })}
              {' · '}
              {t('documentDetail.tokens', { count: c.tokenCount })}
              {c.satisfaction !== null && ` · ${t('documentDetail.satisfaction', { score: formatNumber(c.satisfaction, lang, 2) })}`}
              {c.headingPath.length > 0 && ` · ${c.headingPath.join(' › ')}`}
            </div>
            <p title={c.text}>{c.text.length > PREVIEW_CHARS ? `${c.text.slice(0, PREVIEW_CHARS)}…` : c.text}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
