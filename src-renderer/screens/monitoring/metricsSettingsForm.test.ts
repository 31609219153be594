import { describe, expect, it } from 'vitest';
import type { MetricsSettings } from '../../../src-shared/domain';
import { formOf, isFormDirty, isHttpUrl, settingsOf } from './metricsSettingsForm';

const METRICS: MetricsSettings = {
  enabled: false,
  port: 9464,
  pushgatewayUrl: null,
  historyRetentionDays: 90,
  alertP95LatencySeconds: 10,
  alertErrorRate: 0.05,
  alertMinFreeDiskShare: 0.05,
  notifications: true,
};
const QUALITY = { alertMinAverageRating: 2.5, alertMinIngestSuccess: 0.8 };

describe('metrics settings form', () => {
  it('shows shares as percentages and decimals in the language', () => {
    const form = formOf(METRICS, QUALITY, 'fr');
    expect(form.alertErrorRate).toBe('5');
    expect(form.alertMinIngestSuccess).toBe('80');
    expect(form.alertMinAverageRating).toBe('2,5');
    expect(form.pushgatewayUrl).toBe('');
  });

  it('gives back the same settings when nothing changed', () => {
    const checked = settingsOf(formOf(METRICS, QUALITY, 'fr'));
    expect(checked.errors).toEqual({});
    expect(checked.metrics).toEqual(METRICS);
    expect(checked.quality).toEqual(QUALITY);
  });

  it('reads commas, percentages and an empty Pushgateway as none', () => {
    const form = { ...formOf(METRICS, QUALITY), enabled: true, port: '9500', alertErrorRate: '7,5', alertP95LatencySeconds: '2.5', pushgatewayUrl: ' http://127.0.0.1:9091 ' };
    const checked = settingsOf(form);
    expect(checked.metrics).toMatchObject({ enabled: true, port: 9500, alertErrorRate: 0.075, alertP95LatencySeconds: 2.5, pushgatewayUrl: 'http://127.0.0.1:9091' });
  });

  it('says what is wrong next to each field', () => {
    const form = {
      ...formOf(METRICS, QUALITY),
      port: '70000',
      historyRetentionDays: '7.5',
      alertP95LatencySeconds: '0',
      alertErrorRate: 'abc',
      alertMinFreeDiskShare: '',
      alertMinAverageRating: '6',
      pushgatewayUrl: 'ftp://gateway',
    };
    const checked = settingsOf(form);
    expect(checked.metrics).toBeNull();
    expect(checked.errors).toEqual({
      port: { kind: 'between', min: 1, max: 65_535 },
      historyRetentionDays: { kind: 'notWhole' },
      alertP95LatencySeconds: { kind: 'above', min: 0 },
      alertErrorRate: { kind: 'notNumber' },
      alertMinFreeDiskShare: { kind: 'required' },
      alertMinAverageRating: { kind: 'between', min: 1, max: 5 },
      pushgatewayUrl: { kind: 'url' },
    });
  });

  it('accepts only http and https addresses with a host', () => {
    expect(isHttpUrl('http://localhost:9091')).toBe(true);
    expect(isHttpUrl('https://push.example.org/base')).toBe(true);
    expect(isHttpUrl('http://')).toBe(false);
    expect(isHttpUrl('localhost:9091')).toBe(false);
    expect(isHttpUrl('javascript:alert(1)')).toBe(false);
  });

  it('is dirty only when a value changed (5 and 5,0 are the same)', () => {
    const form = formOf(METRICS, QUALITY, 'fr');
    expect(isFormDirty({ ...form, alertErrorRate: '5,0' }, METRICS, QUALITY, 'fr')).toBe(false);
    expect(isFormDirty({ ...form, alertErrorRate: '6' }, METRICS, QUALITY, 'fr')).toBe(true);
    expect(isFormDirty({ ...form, enabled: true }, METRICS, QUALITY, 'fr')).toBe(true);
  });
});
