/** The rights table names every method of the contract once, and says what issue 11 asked of the roles. */
import { describe, expect, it } from 'vitest';
import { methodNames } from '../../../src-shared/contract';
import { methodRights, rightOf, roleAllows } from '../../../src-shared/methodRights';

describe('method rights', () => {
  it('covers every method of the contract and nothing else (add a line to src-shared/methodRights.ts with each new method)', () => {
    expect(Object.keys(methodRights).sort()).toEqual([...methodNames].sort());
  });

  it('keeps read-only from ingesting, deleting, changing settings, running analyses and giving feedback', () => {
    for (const method of ['library.ingestPaths', 'library.ingestUploads', 'library.reingest', 'library.remove', 'settings.update', 'quality.run', 'feedback.submit', 'collections.remove']) {
      expect(roleAllows('read-only', rightOf(method).role), method).toBe(false);
    }
    for (const method of ['search.query', 'chat.ask', 'library.list', 'library.text', 'quality.audit', 'monitoring.overview']) {
      expect(roleAllows('read-only', rightOf(method).role), method).toBe(true);
    }
  });

  it('keeps the server’s own files (paths) and settings to admins, and counts methods in the issue’s classes', () => {
    for (const method of ['library.ingestPaths', 'watch.add', 'models.import', 'settings.update', 'logs.list']) expect(rightOf(method).role, method).toBe('admin');
    expect(rightOf('search.query').class).toBe('search');
    expect(rightOf('chat.ask').class).toBe('answer');
    expect(rightOf('chat.regenerate').class).toBe('answer');
    // An unknown name is treated as the most guarded method.
    expect(rightOf('no.such')).toEqual({ role: 'admin', class: 'write' });
  });
});
