import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultThreads } from '../../../src-main/core/settings/defaultSettings';
import { openSettingsStore } from '../../../src-main/core/settings/settingsStore';

const tempDir = () => mkdtempSync(join(tmpdir(), 'phare-settings-'));

describe('settings store', () => {
  it('saves updates and applies overrides without saving them', () => {
    const dir = tempDir();
    const store = openSettingsStore(dir, { chatModelPath: '/models/x.gguf' });
    expect(store.get().chatModelPath).toBe('/models/x.gguf');
    store.update({ topK: 9 });
    const saved = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'));
    expect(saved.topK).toBe(9);
    expect(saved.chatModelPath).toBeNull();
    expect(openSettingsStore(dir).get().topK).toBe(9);
  });

  it('rejects invalid values with VALIDATION and keeps the old ones', () => {
    const store = openSettingsStore(tempDir());
    expect(() => store.update({ temperature: 9 })).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(store.get().temperature).toBe(0.2);
  });

  it('sets a damaged file aside and starts from defaults', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), '{not json');
    const store = openSettingsStore(dir);
    expect(store.get().topK).toBeGreaterThan(0);
    expect(readdirSync(dir).some((f) => f.startsWith('settings.json.damaged-'))).toBe(true);
  });

  it('leaves a core to the app and never asks for more threads than physical cores', () => {
    expect(defaultThreads(1)).toBe(1);
    expect(defaultThreads(2)).toBe(1);
    expect(defaultThreads(4)).toBe(3);
    expect(defaultThreads(16)).toBe(8);
  });
});
