/** Answers: temperature, maximum length and number of sources. */
import { useTranslation } from 'react-i18next';
import { NumberSetting } from './NumberSetting';
import type { DraftErrors, SettingsDraft } from './settingsForm';

interface Props {
  draft: SettingsDraft;
  errors: DraftErrors;
  /** The model's context, in which the answer's allowance is taken. */
  contextSize: number;
  onEdit(patch: Partial<SettingsDraft>): void;
}

export function AnswerSettingsSection({ draft, errors, contextSize, onEdit }: Props) {
  const { t } = useTranslation();
  return (
    <section className="panel settings-section" aria-labelledby="settings-answers-title">
      <h2 id="settings-answers-title" className="panel-title">
        {t('settings.answers.title')}
      </h2>
      <NumberSetting
        field="temperature"
        label={t('settings.temperature.label')}
        hint={t('settings.temperature.hint')}
        value={draft.temperature}
        error={errors.temperature}
        onChange={(temperature) => onEdit({ temperature })}
      />
      <NumberSetting
        field="maxTokens"
        label={t('settings.maxTokens.label')}
        hint={t('settings.maxTokens.hint', { contextTokens: contextSize })}
        value={draft.maxTokens}
        error={errors.maxTokens}
        onChange={(maxTokens) => onEdit({ maxTokens })}
      />
      <NumberSetting field="topK" label={t('settings.topK.label')} hint={t('settings.topK.hint')} value={draft.topK} error={errors.topK} onChange={(topK) => onEdit({ topK })} />
    </section>
  );
}
