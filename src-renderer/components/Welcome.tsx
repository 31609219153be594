/**
 * The first-start welcome, at the top of the Library: what Phare does, where its data lives (the data
 * folder, from app.info) and the three first steps (add documents, get a chat model, ask). It is a
 * region of the page, not a dialog, so nothing waits behind it; hiding it is remembered in this client.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../stores/appStore';
import { client } from '../transport/client';
import './welcome.css';

const HIDDEN_KEY = 'phare.welcomeHidden';

function wasHidden(): boolean {
  try {
    return localStorage.getItem(HIDDEN_KEY) === '1';
  } catch {
    return false;
  }
}

export function Welcome({ onAddDocuments }: { onAddDocuments(): void }) {
  const { t } = useTranslation();
  const [hidden, setHidden] = useState(wasHidden);
  const [dataDir, setDataDir] = useState<string | null>(null);
  const setScreen = useAppStore((s) => s.setScreen);
  // A model set up counts, loaded or not (it loads at the first question).
  const chatSet = useAppStore((s) => s.models != null && s.models.chat.path !== null);

  useEffect(() => {
    if (hidden) return;
    let live = true;
    client.call('app.info', {}).then(
      (info) => live && setDataDir(info.dataDir),
      // The folder is a detail of the welcome: without it the rest still helps.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [hidden]);

  if (hidden) return null;

  const hide = () => {
    try {
      localStorage.setItem(HIDDEN_KEY, '1');
    } catch {
      // Storage disabled: hidden for this visit only.
    }
    setHidden(true);
    // The focus was on the button that disappears: put it on the screen's title.
    document.getElementById('library-title')?.focus();
  };

  return (
    <section className="welcome" aria-labelledby="welcome-title" data-testid="welcome">
      <div className="welcome-head">
        <h2 id="welcome-title">{t('welcome.title')}</h2>
        <button type="button" className="button button-small" onClick={hide}>
          {t('welcome.hide')}
        </button>
      </div>
      <p>{t('welcome.what')}</p>
      <p className="small">
        {t('welcome.dataFolder')} <code data-testid="welcome-data-dir">{dataDir ?? '…'}</code>
      </p>
      <ol className="welcome-steps" aria-label={t('welcome.stepsLabel')}>
        <li>
          <h3>{t('welcome.addTitle')}</h3>
          <p className="small muted">{t('welcome.addBody')}</p>
          <button type="button" className="button button-primary" onClick={onAddDocuments}>
            {t('welcome.add')}
          </button>
        </li>
        <li>
          <h3>{t('welcome.modelTitle')}</h3>
          <p className="small muted">{chatSet ? t('welcome.modelReady') : t('welcome.modelBody')}</p>
          <button type="button" className="button" onClick={() => setScreen('models')}>
            {t('welcome.model')}
          </button>
        </li>
        <li>
          <h3>{t('welcome.askTitle')}</h3>
          <p className="small muted">{t('welcome.askBody')}</p>
          <button type="button" className="button" onClick={() => setScreen('chat')}>
            {t('welcome.ask')}
          </button>
        </li>
      </ol>
    </section>
  );
}
