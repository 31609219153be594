/**
 * A read that lost its files to a purge is started again. Making a removed document unreadable on disk
 * drops every older version of a table with the files only they used (purgeDeleted.ts); a read that
 * had begun on such a version fails mid-stream with "lance error: Not found: …/data/….lance" (seen in
 * CI: a watched folder's change removed a document while the library was being listed). A new read
 * starts from the latest version (every connection checks for it, readConsistencyInterval 0), whose
 * files the purge kept; purges are rare, so a few attempts are enough.
 */

/** The error LanceDB gives when a data, deletion or index file of the version being read has gone. */
const PURGED_FILE = /lance error: Not found: \S+\.(lance|arrow|idx|bin)\b/;

const ATTEMPTS = 4;

export function isPurgedFileError(error: unknown): boolean {
  return error instanceof Error && PURGED_FILE.test(error.message);
}

export async function readAgainIfPurged<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= ATTEMPTS || !isPurgedFileError(error)) throw error;
    }
  }
}
