/**
 * Folders dropped in a browser. A browser gives no path for a dropped folder (Electron does, and the
 * core walks it), only a File standing for the folder that cannot be read. The entries API walks it
 * here instead, so that dropping a folder ingests its files, recursively, in the browser UI too.
 * Entries must be taken during the drop event: the DataTransfer is emptied once it returns.
 */

/** Takes the dropped entries now; `read()` later resolves every file, folders walked recursively. */
export function droppedEntries(dataTransfer: DataTransfer | null): { hasFolder: boolean; read(): Promise<File[]> } {
  const entries = Array.from(dataTransfer?.items ?? [])
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null)
    .filter((entry): entry is FileSystemEntry => entry !== null);
  return {
    hasFolder: entries.some((entry) => entry.isDirectory),
    async read() {
      const files: File[] = [];
      for (const entry of entries) await collect(entry, files);
      return files;
    },
  };
}

async function collect(entry: FileSystemEntry, into: File[]): Promise<void> {
  // Hidden files and folders (.git, .DS_Store…) are not documents; the core skips them too when it walks a folder.
  if (entry.name.startsWith('.')) return;
  if (entry.isFile) {
    into.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns the folder in batches (100 at a time in Chromium) until an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return;
    for (const child of batch) await collect(child, into);
  }
}
