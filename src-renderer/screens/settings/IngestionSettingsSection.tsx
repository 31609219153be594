/**
 * Ingestion: passage size, overlap and what they count, OCR mode and languages. Says plainly that the
 * changes apply to documents ingested from now on, and how to apply them to the others.
 */
import { useTranslation } from 'react-i18next';
import { CHARS_PER_TOKEN } from '../../../src-shared/settingsDefaults';
import { ChoiceSetting } from './ChoiceSetting';
import { NumberSetting } from './NumberSetting';
import { OcrLanguagesSetting } from './OcrLanguagesSetting';
import { parseNumber, type ChunkUnit, type DraftErrors, type SettingsDraft } from './settingsForm';

const UNITS: readonly ChunkUnit[] = ['auto', 'tokens', 'characters'];
const OCR_MODES = ['auto', 'always', 'never'] as const;

interface Props {
  draft: SettingsDraft;
  errors: DraftErrors;
  /** Whether an embedding model is chosen: in 'auto', it decides what the sizes count. */
  hasEmbeddingModel: boolean;
  onEdit(patch: Partial<SettingsDraft>): void;
}

export function IngestionSettingsSection({ draft, errors, hasEmbeddingModel, onEdit }: Props) {
  const { t } = useTranslation();
  const unit = t(draft.chunkUnit === 'tokens' ? 'settings.units.tokens' : 'settings.units.characters');
  const size = parseNumber(draft.chunkSize);
  const overlap = parseNumber(draft.chunkOverlap);
  // The chunker never repeats more than half a passage; say so rather than let a larger value look used.
  const overlapCap = Math.floor(size / 2);
  const overlapNote = !errors.chunkSize && !errors.chunkOverlap && overlap > overlapCap ? t('settings.chunkOverlap.capped', { max: overlapCap, unit }) : undefined;
  const autoNow =
    draft.chunkUnit !== 'auto' || errors.chunkSize
      ? null
      : hasEmbeddingModel
        ? t('settings.chunkUnit.autoNow', { chars: size, tokens: Math.round(size / CHARS_PER_TOKEN) })
        : t('settings.chunkUnit.autoNowNoModel');

  return (
    <section className="panel settings-section" aria-labelledby="settings-ingestion-title">
      <h2 id="settings-ingestion-title" className="panel-title">
        {t('settings.ingestion.title')}
      </h2>
      <p className="settings-applies" role="note" data-testid="settings-applies">
        {t('settings.ingestion.appliesFromNow')}
      </p>
      <NumberSetting
        field="chunkSize"
        label={t('settings.chunkSize.label', { unit })}
        hint={t('settings.chunkSize.hint')}
        value={draft.chunkSize}
        error={errors.chunkSize}
        onChange={(chunkSize) => onEdit({ chunkSize })}
      />
      <NumberSetting
        field="chunkOverlap"
        label={t('settings.chunkOverlap.label', { unit })}
        hint={t('settings.chunkOverlap.hint')}
        value={draft.chunkOverlap}
        error={errors.chunkOverlap}
        note={overlapNote}
        onChange={(chunkOverlap) => onEdit({ chunkOverlap })}
      />
      <ChoiceSetting name="chunkUnit" choices={UNITS} value={draft.chunkUnit} onChange={(chunkUnit) => onEdit({ chunkUnit })} />
      {autoNow && (
        <p className="setting-hint" data-testid="settings-auto-now">
          {autoNow}
        </p>
      )}
      <ChoiceSetting name="ocrMode" choices={OCR_MODES} value={draft.ocrMode} onChange={(ocrMode) => onEdit({ ocrMode })} />
      <OcrLanguagesSetting value={draft.ocrLanguages} error={errors.ocrLanguages} onChange={(ocrLanguages) => onEdit({ ocrLanguages })} />
    </section>
  );
}
