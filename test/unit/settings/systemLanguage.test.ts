/** The user's language from the environment (settings/defaultSettings.ts), the first one set winning as in POSIX. */
import { describe, expect, it } from 'vitest';
import { systemLanguage } from '../../../src-main/core/settings/defaultSettings';

describe('systemLanguage', () => {
  it('reads LC_ALL, then LC_MESSAGES, then LANG', () => {
    expect(systemLanguage({ LANG: 'fr_FR.UTF-8' })).toBe('fr');
    expect(systemLanguage({ LANG: 'en_GB.UTF-8' })).toBe('en');
    expect(systemLanguage({ LC_ALL: 'en_US.UTF-8', LANG: 'fr_FR.UTF-8' })).toBe('en');
    expect(systemLanguage({ LC_MESSAGES: 'fr_CA', LANG: 'en_US' })).toBe('fr');
  });

  it('skips C and POSIX, and falls back to what Intl says when nothing else is set', () => {
    expect(systemLanguage({ LC_ALL: 'C', LANG: 'fr_BE.UTF-8' })).toBe('fr');
    const intl = Intl.DateTimeFormat().resolvedOptions().locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
    expect(systemLanguage({ LANG: 'POSIX' })).toBe(intl);
    expect(systemLanguage({})).toBe(intl);
  });
});
