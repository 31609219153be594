import { describe, expect, it } from 'vitest';
import { QualitySettingsSchema } from '../../../src-shared/domain';
import { QUALITY_SETTINGS_DEFAULTS } from '../../../src-shared/settingsDefaults';
import { formOf, isFormDirty, settingsOf } from './qualitySettingsForm';

const saved = { ...QUALITY_SETTINGS_DEFAULTS };

describe('quality settings form', () => {
  it('shows shares as percentages and decimals in the language’s form', () => {
    const en = formOf(saved, 'en');
    expect(en.alertMinIngestSuccess).toBe('80');
    expect(en.attentionMaxCorrectedShare).toBe('20');
    expect(en.blacklistThreshold).toBe('0.3');
    expect(formOf(saved, 'fr').blacklistThreshold).toBe('0,3');
    expect(en.scheduleTime).toBe('03:00');
  });

  it('gives back the saved object untouched, and the whole object with an edit', () => {
    expect(settingsOf(formOf(saved, 'fr'), saved).settings).toEqual(saved);
    const { settings, errors } = settingsOf({ ...formOf(saved), minVotes: '1', blacklistThreshold: '0,45', alertMinIngestSuccess: '75', scheduleEnabled: false, scheduleTime: '22:30' }, saved);
    expect(errors).toEqual({});
    expect(settings).toEqual({ ...saved, minVotes: 1, blacklistThreshold: 0.45, alertMinIngestSuccess: 0.75, scheduleEnabled: false, scheduleTime: '22:30' });
    expect(QualitySettingsSchema.safeParse(settings).success).toBe(true);
  });

  it('explains each wrong field and gives no object', () => {
    const { settings, errors } = settingsOf({ ...formOf(saved), minVotes: '1.5', blacklistThreshold: '2', priorWeight: '', judgeTimeoutSeconds: 'abc', scheduleTime: '25:00' }, saved);
    expect(settings).toBeNull();
    expect(errors).toEqual({
      minVotes: { kind: 'notWhole' },
      blacklistThreshold: { kind: 'between', min: 0, max: 1 },
      priorWeight: { kind: 'required' },
      judgeTimeoutSeconds: { kind: 'notNumber' },
      scheduleTime: { kind: 'time' },
    });
  });

  it('is dirty only when a value changes, not its spelling', () => {
    expect(isFormDirty(formOf(saved, 'en'), saved, 'en')).toBe(false);
    expect(isFormDirty({ ...formOf(saved, 'en'), blacklistThreshold: '0.30' }, saved, 'en')).toBe(false);
    expect(isFormDirty({ ...formOf(saved, 'en'), minVotes: '1' }, saved, 'en')).toBe(true);
    expect(isFormDirty({ ...formOf(saved, 'en'), scheduleEnabled: false }, saved, 'en')).toBe(true);
  });
});
