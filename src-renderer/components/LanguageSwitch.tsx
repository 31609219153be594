/** FR / EN switch; the choice is persisted by the core through `settings.update`. */
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../src-shared/errors';
import { useAppStore } from '../stores/appStore';

const languages: Lang[] = ['fr', 'en'];

export function LanguageSwitch() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const chooseLanguage = useAppStore((s) => s.chooseLanguage);
  return (
    <div className="lang-switch" role="group" aria-label={t('language.label')}>
      {languages.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className="lang-option"
          aria-pressed={lang === l}
          title={t(`language.${l}`)}
          onClick={() => void chooseLanguage(l)}
        >
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
