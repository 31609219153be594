/**
 * What of a data folder is "the library", the parts a backup holds, a restore replaces and a reset
 * empties, and what belongs to this machine and is never copied: secrets (the API key's store, the API
 * token, account password hashes), the running server's record, logs, models (large, and found again
 * in the models folder or the catalog), backups themselves and leftovers of unfinished work.
 */
import { JOBS_FOLDER } from '../jobs/jobJournal';
import { ORIGINALS_FOLDER } from '../ingest/originals';

/** The LanceDB database folder (store/libraryStore.ts). */
export const DATABASE_FOLDER = 'library.lance';
export const SETTINGS_FILE = 'settings.json';

/** JSON files of the library written whole (collections/collectionRegistry.ts, watch/watchRegistry.ts). */
export const LIBRARY_FILES = ['collections.json', 'watched-folders.json'] as const;

/** Every part a backup holds and a restore puts back, in the order they are swapped. */
export const LIBRARY_PARTS = [DATABASE_FOLDER, ORIGINALS_FOLDER, JOBS_FOLDER, ...LIBRARY_FILES, SETTINGS_FILE] as const;

/** What a reset empties: the library without its settings (models, language, schedules stay as they were). */
export const RESET_PARTS = LIBRARY_PARTS.filter((part) => part !== SETTINGS_FILE);

/** Default folder of the backups, in the data folder. */
export const BACKUPS_FOLDER = 'backups';

/** Working folders in the data folder: never backed up, removed when left over by a crash. */
export const BACKUP_STAGING_PREFIX = '.backup-staging-';
export const PENDING_CHANGE_FOLDER = '.library-pending';
