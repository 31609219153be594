/** The words of a desktop notification for an alert, in the user's language (kept apart from Electron so it can be tested). */
import type { Lang } from '../../src-shared/errors';
import type { MonitoringAlert } from '../../src-shared/monitoring';

const pct = (v: number) => `${Math.round(v * 1000) / 10} %`;

const BODIES: Record<MonitoringAlert['rule'], Record<Lang, (a: MonitoringAlert) => string>> = {
  'latency-p95': {
    en: (a) => `Answers are slow: 95 % took up to ${a.value.toFixed(1)} s over the last 5 minutes (threshold ${a.threshold} s).`,
    fr: (a) => `Les réponses sont lentes : 95 % ont pris jusqu’à ${a.value.toFixed(1)} s ces 5 dernières minutes (seuil ${a.threshold} s).`,
  },
  'error-rate': {
    en: (a) => `${pct(a.value)} of the questions of the last 5 minutes failed (threshold ${pct(a.threshold)}).`,
    fr: (a) => `${pct(a.value)} des questions des 5 dernières minutes ont échoué (seuil ${pct(a.threshold)}).`,
  },
  'low-rating': {
    en: (a) => `Answers are rated ${a.value.toFixed(2)} on average over 7 days (threshold ${a.threshold}).`,
    fr: (a) => `Les réponses sont notées ${a.value.toFixed(2)} en moyenne sur 7 jours (seuil ${a.threshold}).`,
  },
  'low-ingest-success': {
    en: (a) => `Only ${pct(a.value)} of the documents added over 7 days became searchable (threshold ${pct(a.threshold)}).`,
    fr: (a) => `Seulement ${pct(a.value)} des documents ajoutés en 7 jours sont devenus consultables (seuil ${pct(a.threshold)}).`,
  },
  'low-disk': {
    en: (a) => `The data folder’s disk has only ${pct(a.value)} free (threshold ${pct(a.threshold)}).`,
    fr: (a) => `Le disque du dossier de données n’a plus que ${pct(a.value)} d’espace libre (seuil ${pct(a.threshold)}).`,
  },
  'last-run-failed': {
    en: () => 'The last quality analysis failed. See the Quality screen.',
    fr: () => 'La dernière analyse de qualité a échoué. Voir l’écran Qualité.',
  },
};

export function alertNotificationText(alert: MonitoringAlert, lang: Lang): { title: string; body: string } {
  return { title: lang === 'fr' ? 'Phare : alerte' : 'Phare: alert', body: BODIES[alert.rule][lang](alert) };
}
