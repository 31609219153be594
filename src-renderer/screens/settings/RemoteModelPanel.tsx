/**
 * Settings for answering with a remote OpenAI-compatible server (Ollama, vLLM, llama.cpp server).
 * Opt-in twice: the server must be allowed, then chosen as the model that answers. The panel says
 * plainly, in both languages, that questions and document passages are then sent to that server.
 * The API key is never shown: the core returns it masked, and the mask sent back keeps it.
 * Self-contained: mount it wherever model settings live.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RemoteChatSettings, RemoteTestResult } from '../../../src-shared/domain';
import { localizeError, toUiError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { remoteIsActive, useRemoteChatStore, type ChatModelSource } from './remoteChatStore';
import './remoteModel.css';

interface Draft {
  enabled: boolean;
  baseUrl: string;
  model: string;
  label: string;
  /** What the user typed; empty keeps the saved key. */
  newKey: string;
  forgetKey: boolean;
  source: ChatModelSource;
}

function draftOf(remote: RemoteChatSettings, source: ChatModelSource): Draft {
  return { enabled: remote.enabled, baseUrl: remote.baseUrl, model: remote.model, label: remote.label, newKey: '', forgetKey: false, source };
}

export function RemoteModelPanel() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const { remote, source, load, save, test } = useRemoteChatStore();
  const active = useRemoteChatStore(remoteIsActive);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<RemoteTestResult | null>(null);
  const [saved, setSaved] = useState(false);
  const id = useId();

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (remote) setDraft(draftOf(remote, source));
  }, [remote, source]);

  if (!draft || !remote) return null;
  // The saved key belongs to the saved address: the core drops it when the address changes
  // (remoteSettings.ts), so the form neither offers nor sends it for another one.
  const addressChanged = draft.baseUrl.trim() !== remote.baseUrl;
  const keySaved = remote.apiKey !== null && !draft.forgetKey && !addressChanged;
  // Typed key first; else the mask the core gave us (it stands for the saved key); else none.
  const apiKey = draft.newKey ? draft.newKey : keySaved ? remote.apiKey : null;
  const canChooseRemote = draft.enabled && draft.model.trim() !== '';
  const update = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft({ ...draft, ...patch });
  };

  const onTest = async () => {
    setTesting(true);
    setResult(null);
    setResult(await test({ baseUrl: draft.baseUrl.trim(), model: draft.model.trim(), apiKey }));
    setTesting(false);
  };

  const onSave = async () => {
    const next: RemoteChatSettings = {
      enabled: draft.enabled,
      baseUrl: draft.baseUrl.trim(),
      model: draft.model.trim(),
      apiKey,
      label: draft.label.trim(),
    };
    const chosen = canChooseRemote ? draft.source : 'local';
    if (await save(chosen, next)) setSaved(true);
  };

  return (
    <section className="panel remote-panel" aria-labelledby={`${id}-title`} data-testid="remote-model-panel">
      <h2 id={`${id}-title`}>{t('remote.title')}</h2>
      <p className="muted small">{t('remote.intro')}</p>
      <p className="remote-warning" role="note">
        {t('remote.warning')}
      </p>

      <label>
        <input type="checkbox" checked={draft.enabled} onChange={(e) => update({ enabled: e.target.checked, source: e.target.checked ? draft.source : 'local' })} />{' '}
        {t('remote.enabled')}
      </label>

      <div className="remote-fields">
        <label htmlFor={`${id}-url`}>{t('remote.baseUrl')}</label>
        <input id={`${id}-url`} type="url" value={draft.baseUrl} maxLength={2000} spellCheck={false} onChange={(e) => update({ baseUrl: e.target.value })} />
        <p className="remote-hint">{t('remote.baseUrlHint')}</p>

        <label htmlFor={`${id}-model`}>{t('remote.model')}</label>
        <input
          id={`${id}-model`}
          type="text"
          value={draft.model}
          maxLength={300}
          spellCheck={false}
          list={`${id}-models`}
          onChange={(e) => update({ model: e.target.value })}
        />
        <datalist id={`${id}-models`}>
          {result?.models?.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>

        <label htmlFor={`${id}-key`}>{t('remote.apiKey')}</label>
        <input
          id={`${id}-key`}
          type="password"
          value={draft.newKey}
          maxLength={1000}
          autoComplete="off"
          placeholder={keySaved ? t('remote.apiKeySaved') : ''}
          onChange={(e) => update({ newKey: e.target.value })}
        />
        {remote.apiKey !== null && addressChanged && !draft.newKey && <p className="remote-hint">{t('remote.keyNotForNewAddress')}</p>}
        {keySaved && (
          <p className="remote-hint">
            <button type="button" className="link-button" onClick={() => update({ forgetKey: true, newKey: '' })}>
              {t('remote.forgetKey')}
            </button>
          </p>
        )}

        <label htmlFor={`${id}-label`}>{t('remote.label')}</label>
        <input id={`${id}-label`} type="text" value={draft.label} maxLength={100} onChange={(e) => update({ label: e.target.value })} />
        <p className="remote-hint">{t('remote.labelHint')}</p>
      </div>

      <fieldset className="remote-source">
        <legend>{t('remote.source')}</legend>
        <label>
          <input type="radio" name={`${id}-source`} checked={draft.source === 'local' || !canChooseRemote} onChange={() => update({ source: 'local' })} />{' '}
          {t('remote.sourceLocal')}
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-source`}
            checked={draft.source === 'remote' && canChooseRemote}
            disabled={!canChooseRemote}
            onChange={() => update({ source: 'remote' })}
          />{' '}
          {t('remote.sourceRemote')}
        </label>
        {!canChooseRemote && <p className="remote-hint">{t('remote.needsEnabled')}</p>}
      </fieldset>

      <div className="remote-actions">
        <button type="button" className="button" disabled={testing || !draft.baseUrl.trim()} onClick={() => void onTest()}>
          {testing ? t('remote.testing') : t('remote.test')}
        </button>
        <button type="button" className="button button-primary" onClick={() => void onSave()}>
          {t('remote.save')}
        </button>
        <span aria-live="polite">
          {saved && <span className="remote-result-ok">{t('remote.saved')}</span>}{' '}
          {result?.ok && <span className="remote-result-ok">{t('remote.testOk', { count: result.models?.length ?? 0 })}</span>}
          {result && !result.ok && result.error && <span className="remote-result-bad">{localizeError(toUiError(result.error), lang)}</span>}
        </span>
      </div>
      {active && (
        <p className="remote-warning" role="status">
          {t('remote.badgeTitle', { url: remote.baseUrl })}
        </p>
      )}
    </section>
  );
}
