/**
 * The conversation sidebar: new conversation (with my documents, scoped to a collection or not, or with
 * the model alone), text search over titles
 * and messages, the list (open, rename inline, export, delete), and the Undo toast after a delete.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CollectionInfo } from '../../../src-shared/libraryManagement';
import { localizeError } from '../../lib/localizeError';
import { useAppStore } from '../../stores/appStore';
import { currentMode, useChatStore } from '../../stores/chatStore';
import { client } from '../../transport/client';
import { ConversationListItem } from './ConversationListItem';
import { ConversationListUndo } from './ConversationListUndo';
import { formatDayHeading, groupByDay } from './conversationDays';
import './conversationList.css';
import { collectionLabel } from '../../lib/collectionName';

/** The current time, moved on every minute, so Today becomes Yesterday at midnight without a reload. */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function ConversationList() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const conversations = useChatStore((s) => s.conversations);
  const query = useChatStore((s) => s.query);
  const setQuery = useChatStore((s) => s.setQuery);
  const scope = useChatStore((s) => s.scope);
  const setScope = useChatStore((s) => s.setScope);
  const mode = useChatStore(currentMode);
  const setMode = useChatStore((s) => s.setMode);
  const conversationId = useChatStore((s) => s.conversationId);
  const busy = useChatStore((s) => s.activeRequestId !== null);
  const clear = useChatStore((s) => s.clear);
  const load = useChatStore((s) => s.loadConversations);
  const listError = useChatStore((s) => s.listError);
  const [collections, setCollections] = useState<CollectionInfo[]>([]);

  useEffect(() => {
    void load();
    client
      .call('collections.list', {})
      .then(setCollections)
      .catch(() => setCollections([]));
  }, [load]);

  const open = conversations.find((c) => c.id === conversationId);
  const now = useNow();

  return (
    <aside className="conversation-list" aria-label={t('conversations.title')} data-testid="conversation-list">
      <div className="conversation-list-head">
        <h2>{t('conversations.title')}</h2>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => {
            clear();
            // The choice of what the new conversation answers from comes first.
            requestAnimationFrame(() => document.getElementById('conversation-mode-library')?.focus());
          }}
          data-testid="conversation-new"
        >
          {t('conversations.new')}
        </button>
      </div>
      {/* A new conversation offers both; an open one shows what it answers from. */}
      <fieldset className="conversation-mode" disabled={conversationId !== null || busy} data-testid="conversation-mode">
        <legend>{t('conversations.newMode')}</legend>
        <label>
          <input
            type="radio"
            id="conversation-mode-library"
            name="conversation-mode"
            checked={mode === 'library'}
            onChange={() => setMode('library')}
            data-testid="conversation-mode-library"
          />
          {t('conversations.newWithLibrary')}
        </label>
        <label>
          <input type="radio" name="conversation-mode" checked={mode === 'model'} onChange={() => setMode('model')} data-testid="conversation-mode-model" />
          {t('conversations.newModelOnly')}
        </label>
      </fieldset>
      <label className="conversation-scope" hidden={mode === 'model'}>
        <span>{t('conversations.scope')}</span>
        {/* A conversation keeps the scope it started with; the picker sets it for the next new one. */}
        <select
          value={open ? (open.collection ?? '') : scope}
          disabled={conversationId !== null}
          onChange={(e) => setScope(e.target.value)}
          data-testid="conversation-scope"
        >
          <option value="">{t('conversations.wholeLibrary')}</option>
          {collections.map((c) => (
            <option key={c.name} value={c.name}>
              {collectionLabel(t, c.name)}
            </option>
          ))}
        </select>
      </label>
      <input
        type="search"
        className="conversation-search"
        aria-label={t('conversations.search')}
        placeholder={t('conversations.searchPlaceholder')}
        value={query}
        maxLength={500}
        onChange={(e) => void setQuery(e.target.value)}
        data-testid="conversation-search"
      />
      {listError && (
        <p className="answer-error" role="alert">
          {localizeError(listError, lang)}
        </p>
      )}
      <ul className="conversation-items">
        {conversations.length === 0 && <li className="muted small">{query.trim() ? t('conversations.noMatch') : t('conversations.empty')}</li>}
        {groupByDay(conversations, now).map((group) => (
          <li key={group.key} className="conversation-day" data-testid="conversation-day" data-day={group.key}>
            <h3 id={`conversation-day-${group.key}`} className="conversation-day-title">
              {group.kind === 'earlier' ? formatDayHeading(group.day, lang, now) : t(`conversations.${group.kind}`)}
            </h3>
            <ul aria-labelledby={`conversation-day-${group.key}`}>
              {group.items.map((c) => (
                <ConversationListItem key={c.id} conversation={c} active={c.id === conversationId} query={query} />
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <ConversationListUndo />
    </aside>
  );
}
