/**
 * How a collection's name is shown. The built-in collection is stored as DEFAULT_COLLECTION ('default')
 * and shown in the UI's language ("General" / "Général"); every other name is the user's own. Every
 * place that shows a collection's name goes through here (sidebar, rows, details, jobs, watched
 * folders, dialogs, the chat's scope), so none shows the stored word.
 */
import type { TFunction } from 'i18next';
import { DEFAULT_COLLECTION } from '../../src-shared/libraryManagement';

export function collectionLabel(t: TFunction, name: string): string {
  return name === DEFAULT_COLLECTION ? t('library.manage.defaultCollection') : name;
}
