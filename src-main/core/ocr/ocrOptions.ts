/** How an extraction may use OCR: the mode chosen for the ingestion and the languages to read. */
import type { OcrMode } from '../../../src-shared/domain';
import { INGESTION_SETTINGS_DEFAULTS } from '../../../src-shared/settingsDefaults';
import type { OcrPool } from './ocrPool';

export interface OcrOptions {
  mode: OcrMode;
  languages: readonly string[];
  /** Default: the process's shared pool. */
  pool?: OcrPool;
}

/** Used when an extraction is given no OCR options (the defaults of the settings). */
export const DEFAULT_OCR: OcrOptions = { mode: INGESTION_SETTINGS_DEFAULTS.ocrMode, languages: INGESTION_SETTINGS_DEFAULTS.ocrLanguages };
