/**
 * Desktop notifications for alerts that fire (when the user keeps `metrics.notifications` on). The
 * core decides what fires (metrics/alertRules.ts); this only shows it, and clicking it shows the window.
 */
import { Notification } from 'electron';
import type { Core } from '../core/core';
import { SettingsSchema } from '../../src-shared/domain';
import { alertNotificationText } from './alertNotificationText';

export function showAlertNotifications(core: Core, focusWindow: () => void): () => void {
  return core.events.on('monitoring.alert', (alert) => {
    if (alert.state !== 'firing' || !Notification.isSupported()) return;
    void core.dispatch('settings.get', {}).then((result) => {
      const settings = result.ok ? SettingsSchema.safeParse(result.value) : null;
      if (!settings?.success || !settings.data.metrics.notifications) return;
      const notification = new Notification(alertNotificationText(alert, settings.data.language));
      notification.on('click', focusWindow);
      notification.show();
    });
  });
}
