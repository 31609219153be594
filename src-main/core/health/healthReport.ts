/**
 * `health` (and `phare health --json`): can the store be read and written, is there room on the
 * disk, are the chosen models there and valid, is the OCR data installed, is the analysis scheduled,
 * how did the last run end, is ingestion work waiting. Each component says ok / degraded / failing with
 * one line in the user's language; the report is as bad as its worst component.
 */
import { openSync, readSync, closeSync, statfsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ModelsStatus, Settings } from '../../../src-shared/domain';
import { fillTemplate, type Lang } from '../../../src-shared/errors';
import { INSTALLED_OCR_LANGUAGES } from '../../../src-shared/settingsDefaults';
import type { AnalysisRun, HealthComponent, HealthReport, HealthState } from '../../../src-shared/quality';
import { packagedModelFile } from '../ocr/languageData';

/** Free space below which the disk is degraded (an ingestion batch or a model download would fail)... */
export const DISK_LOW_BYTES = 2 * 1024 ** 3;
/** ...and below which writes are about to fail. */
export const DISK_CRITICAL_BYTES = 200 * 1024 ** 2;

const TEXTS = {
  storeOk: { en: 'Library readable and writable ({documents} documents)', fr: 'Bibliothèque lisible et modifiable ({documents} documents)' },
  storeFailed: { en: 'The library cannot be used: {detail}', fr: 'La bibliothèque est inutilisable : {detail}' },
  diskOk: { en: '{free} free', fr: '{free} libres' },
  diskLow: { en: 'Only {free} free on the data folder’s disk', fr: 'Seulement {free} libres sur le disque du dossier de données' },
  diskUnknown: { en: 'Free space unknown: {detail}', fr: 'Espace libre inconnu : {detail}' },
  modelNone: { en: 'None chosen ({consequence})', fr: 'Aucun choisi ({consequence})' },
  chatConsequence: { en: 'answers are extractive', fr: 'les réponses sont extractives' },
  embeddingConsequence: { en: 'search is full-text only', fr: 'la recherche est en texte intégral seulement' },
  modelOk: { en: '{file} ({state})', fr: '{file} ({state})' },
  modelMissing: { en: '{file} is missing', fr: '{file} est introuvable' },
  modelInvalid: { en: '{file} is not a GGUF model', fr: '{file} n’est pas un modèle GGUF' },
  modelFailed: { en: '{file} failed to load: {detail}', fr: '{file} n’a pas pu être chargé : {detail}' },
  modelRemote: { en: 'Remote server {label}', fr: 'Serveur distant {label}' },
  ocrOk: { en: 'Text recognition data: {languages}', fr: 'Données de reconnaissance de texte : {languages}' },
  ocrMissing: { en: 'No text recognition data for {languages}', fr: 'Pas de données de reconnaissance de texte pour {languages}' },
  scheduleOn: { en: 'Daily at {time}; next run {next}', fr: 'Chaque jour à {time} ; prochaine analyse {next}' },
  scheduleOff: { en: 'The daily analysis is off', fr: 'L’analyse quotidienne est désactivée' },
  runNone: { en: 'No analysis has run yet', fr: 'Aucune analyse n’a encore tourné' },
  runOk: { en: 'Last run {status} on {at}', fr: 'Dernière analyse {status} le {at}' },
  runFailed: { en: 'Last run failed on {at}: {detail}', fr: 'La dernière analyse a échoué le {at} : {detail}' },
  runRunning: { en: 'A run is going on ({progress} %)', fr: 'Une analyse est en cours ({progress} %)' },
  jobsNone: { en: 'No ingestion waiting', fr: 'Aucune ingestion en attente' },
  jobsSome: { en: '{running} ingestion job(s) running, {paused} paused', fr: '{running} ingestion(s) en cours, {paused} en pause' },
} as const satisfies Record<string, Record<Lang, string>>;

export interface HealthInput {
  lang: Lang;
  settings: Settings;
  dataDir: string;
  /** Reads and writes a probe value in the store; rejects when it cannot. */
  probeStore: () => Promise<{ documents: number }>;
  modelsStatus: ModelsStatus;
  nextRunAt: Date | null;
  lastRun: AnalysisRun | null;
  running: AnalysisRun | null;
  jobs: ReadonlyArray<{ state: string }>;
  now?: number;
}

export async function healthReport(input: HealthInput): Promise<HealthReport> {
  const { lang } = input;
  const say = (key: keyof typeof TEXTS, params: Record<string, string | number> = {}) => fillTemplate(TEXTS[key][lang], params);
  const components: HealthComponent[] = [];

  try {
    const { documents } = await input.probeStore();
    components.push({ name: 'store', state: 'ok', detail: say('storeOk', { documents }), data: { documents } });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    components.push({ name: 'store', state: 'failing', detail: say('storeFailed', { detail }), data: { error: detail } });
  }

  try {
    const fs = statfsSync(input.dataDir);
    const free = fs.bavail * fs.bsize;
    const state: HealthState = free < DISK_CRITICAL_BYTES ? 'failing' : free < DISK_LOW_BYTES ? 'degraded' : 'ok';
    components.push({ name: 'disk', state, detail: say(state === 'ok' ? 'diskOk' : 'diskLow', { free: formatBytes(free) }), data: { freeBytes: free } });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    components.push({ name: 'disk', state: 'degraded', detail: say('diskUnknown', { detail }), data: { freeBytes: null } });
  }

  const remote = input.settings.chatModelSource === 'remote' && input.settings.remoteChat.enabled;
  components.push(
    remote
      ? { name: 'chatModel', state: 'ok', detail: say('modelRemote', { label: input.settings.remoteChat.label || input.settings.remoteChat.model }), data: { remote: true } }
      : modelComponent('chatModel', input.settings.chatModelPath, input.modelsStatus.chat, say, say('chatConsequence')),
  );
  components.push(modelComponent('embeddingModel', input.settings.embeddingModelPath, input.modelsStatus.embedding, say, say('embeddingConsequence')));

  const wanted = input.settings.ocrLanguages ?? [...INSTALLED_OCR_LANGUAGES];
  const missing = wanted.filter((code) => packagedModelFile(code) === null);
  components.push(
    missing.length === 0
      ? { name: 'ocrData', state: 'ok', detail: say('ocrOk', { languages: wanted.join(', ') }), data: { languages: wanted.join(',') } }
      : {
          name: 'ocrData',
          // Scans in the other languages are still read; with none at all, no scan can be.
          state: missing.length === wanted.length ? 'failing' : 'degraded',
          detail: say('ocrMissing', { languages: missing.join(', ') }),
          data: { missing: missing.join(',') },
        },
  );

  const q = input.settings.quality;
  components.push(
    q.scheduleEnabled
      ? {
          name: 'scheduler',
          state: 'ok',
          detail: say('scheduleOn', { time: q.scheduleTime, next: input.nextRunAt ? formatWhen(input.nextRunAt, lang) : '-' }),
          data: { enabled: true, time: q.scheduleTime, nextRunAt: input.nextRunAt?.toISOString() ?? null },
        }
      : { name: 'scheduler', state: 'ok', detail: say('scheduleOff'), data: { enabled: false, nextRunAt: null } },
  );

  const last = input.lastRun;
  if (input.running) {
    components.push({ name: 'lastRun', state: 'ok', detail: say('runRunning', { progress: Math.round(input.running.progress) }), data: { status: 'running', runId: input.running.id } });
  } else if (!last) {
    components.push({ name: 'lastRun', state: 'ok', detail: say('runNone'), data: { status: null } });
  } else if (last.status === 'failed') {
    const at = formatWhen(new Date(last.startedAt), lang);
    components.push({ name: 'lastRun', state: 'degraded', detail: say('runFailed', { at, detail: last.error?.message ?? '-' }), data: { status: last.status, runId: last.id } });
  } else {
    const at = formatWhen(new Date(last.startedAt), lang);
    components.push({ name: 'lastRun', state: 'ok', detail: say('runOk', { status: last.status, at }), data: { status: last.status, runId: last.id } });
  }

  const running = input.jobs.filter((j) => j.state === 'running').length;
  const paused = input.jobs.filter((j) => j.state === 'paused').length;
  components.push({
    name: 'jobs',
    state: 'ok',
    detail: running + paused === 0 ? say('jobsNone') : say('jobsSome', { running, paused }),
    data: { running, paused },
  });

  const rank: Record<HealthState, number> = { ok: 0, degraded: 1, failing: 2 };
  const state = components.reduce<HealthState>((worst, c) => (rank[c.state] > rank[worst] ? c.state : worst), 'ok');
  return { state, checkedAt: new Date(input.now ?? Date.now()).toISOString(), components };
}

function modelComponent(
  name: 'chatModel' | 'embeddingModel',
  path: string | null,
  slot: ModelsStatus['chat'],
  say: (key: keyof typeof TEXTS, params?: Record<string, string | number>) => string,
  consequence: string,
): HealthComponent {
  if (!path) return { name, state: 'ok', detail: say('modelNone', { consequence }), data: { path: null } };
  const file = basename(path);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return { name, state: 'degraded', detail: say('modelMissing', { file }), data: { path, exists: false } };
  }
  if (!hasGgufMagic(path)) return { name, state: 'degraded', detail: say('modelInvalid', { file }), data: { path, exists: true, sizeBytes: size } };
  if (slot.state === 'failed' && slot.path === path) {
    return { name, state: 'degraded', detail: say('modelFailed', { file, detail: slot.error?.message ?? '-' }), data: { path, state: slot.state } };
  }
  return { name, state: 'ok', detail: say('modelOk', { file, state: slot.path === path ? slot.state : 'none' }), data: { path, sizeBytes: size, state: slot.state } };
}

/** The four bytes every GGUF file starts with. */
function hasGgufMagic(path: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && head.toString('latin1') === 'GGUF';
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function formatBytes(bytes: number): string {
  const gb = bytes / 1024 ** 3;
  return gb >= 1 ? `${gb.toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}

function formatWhen(date: Date, lang: Lang): string {
  return date.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
}
