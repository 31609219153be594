import { describe, expect, it } from 'vitest';
import { droppedEntries } from './droppedFolders';

/** Minimal stand-ins for the browser's FileSystemEntry objects (a folder reads back in batches of two, as Chromium does by 100). */
function fileEntry(name: string): FileSystemFileEntry {
  return { name, isFile: true, isDirectory: false, file: (ok: (f: File) => void) => ok(new File([name], name)) } as unknown as FileSystemFileEntry;
}
function folderEntry(name: string, children: FileSystemEntry[]): FileSystemDirectoryEntry {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (ok: (batch: FileSystemEntry[]) => void) => {
          const batch = children.slice(at, at + 2);
          at += batch.length;
          setTimeout(() => ok(batch), 0);
        },
      };
    },
  } as unknown as FileSystemDirectoryEntry;
}
function transfer(entries: FileSystemEntry[]): DataTransfer {
  return { items: entries.map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry })) } as unknown as DataTransfer;
}

describe('dropped folders in a browser', () => {
  it('walks folders recursively, in batches, skipping hidden entries', async () => {
    const dropped = droppedEntries(
      transfer([
        fileEntry('loose.txt'),
        folderEntry('rapports', [fileEntry('a.pdf'), fileEntry('.DS_Store'), folderEntry('.git', [fileEntry('HEAD')]), folderEntry('2024', [fileEntry('b.docx'), fileEntry('c.md'), fileEntry('d.txt')]), fileEntry('e.html')]),
      ]),
    );
    expect(dropped.hasFolder).toBe(true);
    expect((await dropped.read()).map((f) => f.name)).toEqual(['loose.txt', 'a.pdf', 'b.docx', 'c.md', 'd.txt', 'e.html']);
  });

  it('says when only files were dropped', async () => {
    const dropped = droppedEntries(transfer([fileEntry('note.txt')]));
    expect(dropped.hasFolder).toBe(false);
    expect((await dropped.read()).map((f) => f.name)).toEqual(['note.txt']);
    expect(droppedEntries(null).hasFolder).toBe(false);
  });
});
