/** Top bar: the app's name, the screen navigation and the language switch. */
import { useTranslation } from 'react-i18next';
import { SCREENS, useAppStore } from '../stores/appStore';
import { LanguageSwitch } from './LanguageSwitch';

export function Header() {
  const { t } = useTranslation();
  const screen = useAppStore((s) => s.screen);
  const setScreen = useAppStore((s) => s.setScreen);
  return (
    <header className="header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </div>
      <nav className="nav" aria-label={t('nav.label')}>
        {SCREENS.map((s, i) => (
          <button
            key={s}
            type="button"
            className="nav-item"
            aria-current={screen === s ? 'page' : undefined}
            aria-keyshortcuts={`Alt+${i + 1}`}
            title={t('nav.shortcut', { n: i + 1 })}
            onClick={() => setScreen(s)}
          >
            {t(`nav.${s}`)}
          </button>
        ))}
      </nav>
      <LanguageSwitch />
    </header>
  );
}
