/**
 * Shown in the chat screen's header for as long as the remote model is active: the user always sees
 * that questions and passages leave the machine, and where they go.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { remoteIsActive, useRemoteChatStore } from './remoteChatStore';
import './remoteModel.css';

/** `place` keeps the two badges (chat header, status bar) apart for tests and screen readers. */
export function RemoteModelBadge({ place }: { place: 'chat' | 'status-bar' }) {
  const { t } = useTranslation();
  const load = useRemoteChatStore((s) => s.load);
  const active = useRemoteChatStore(remoteIsActive);
  const remote = useRemoteChatStore((s) => s.remote);

  // Settings may have changed elsewhere (another screen, the CLI): read them whenever the badge appears.
  useEffect(() => {
    void load();
  }, [load]);

  if (!active || !remote) return null;
  const label = remote.label.trim() || remote.model;
  return (
    <span
      className="remote-badge"
      role={place === 'chat' ? 'status' : undefined}
      title={t('remote.badgeTitle', { url: remote.baseUrl })}
      data-testid={`remote-badge-${place}`}
    >
      <span aria-hidden="true" className="remote-badge-icon">
        ⇄
      </span>
      {t('remote.badge', { label })}
      <span className="visually-hidden">{t('remote.badgeTitle', { url: remote.baseUrl })}</span>
    </span>
  );
}
