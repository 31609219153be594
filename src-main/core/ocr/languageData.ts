/**
 * Where tesseract.js finds its language models, offline. French and English are the tessdata_fast
 * models shipped in `resources/tessdata` (the family the tesseract CLI uses: as accurate on our
 * ground truth, a quarter faster; see the README there); any other language, or these when that
 * folder cannot be found, comes from its `@tesseract.js-data/<code>` npm package (LSTM-only
 * "best_int" files, gzipped). tesseract.js reads
 * every language of a worker from ONE folder (`langPath`), and each package has its own, so the files
 * are copied once into a folder of ours; without a local `langPath` tesseract.js would fetch them
 * from a CDN and, offline, hang.
 */
import { createRequire } from 'node:module';
import { copyFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PhareError } from '../../../src-shared/errors';

/** Sub-folder of each data package holding the LSTM-only models (no legacy engine: smaller, what we run). */
const MODEL_FOLDER = '4.0.0_best_int';

const require = createRequire(import.meta.url);

/**
 * `resources/tessdata` of the app, found upwards from `from` (this module's folder): the source tree
 * (tsx, tests) and the built app (`out/main`) both sit under the project root, and in an installed
 * package `<resources>/app.asar/out/main` sits three levels under `<resources>`, where electron-builder
 * puts the `resources` folder (electron-builder.yml, extraResources). Null when it is not there.
 */
export function findShippedModelFolder(from: string): string | null {
  for (let dir = from, up = 0; up < 6; up++, dir = dirname(dir)) {
    const candidate = join(dir, 'resources', 'tessdata');
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

let shippedFolder: string | null | undefined;
function shippedModelFolder(): string | null {
  if (shippedFolder === undefined) shippedFolder = findShippedModelFolder(dirname(fileURLToPath(import.meta.url)));
  return shippedFolder;
}

/** The model file of a language: shipped with the app, else from its package; null when neither has it. */
export function packagedModelFile(code: string): string | null {
  if (!/^[a-z]{3}(_[a-z]+)?$/.test(code)) return null;
  const shipped = shippedModelFolder();
  if (shipped && existsSync(join(shipped, `${code}.traineddata.gz`))) return join(shipped, `${code}.traineddata.gz`);
  try {
    const file = join(dirname(require.resolve(`@tesseract.js-data/${code}/package.json`)), MODEL_FOLDER, `${code}.traineddata.gz`);
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/** The languages among `wanted` whose data is installed; UNSUPPORTED_OCR_LANGUAGE when none is. */
export function usableLanguages(wanted: readonly string[]): string[] {
  const usable = [...new Set(wanted)].filter((code) => packagedModelFile(code) !== null);
  if (usable.length === 0) throw new PhareError('OCR_LANGUAGE_MISSING', { languages: wanted.join(', ') || '-' });
  return usable;
}

/**
 * Copies the models of `languages` into `<cacheDir>/tessdata` (once; a copy of another size is
 * replaced) and returns that folder, to be given to tesseract.js as `langPath`.
 */
export function prepareLanguageFolder(cacheDir: string, languages: readonly string[]): string {
  const folder = join(cacheDir, 'tessdata');
  mkdirSync(folder, { recursive: true });
  for (const code of languages) {
    const source = packagedModelFile(code);
    if (!source) throw new PhareError('OCR_LANGUAGE_MISSING', { languages: code });
    const target = join(folder, `${code}.traineddata.gz`);
    if (existsSync(target) && statSync(target).size === statSync(source).size) continue;
    // Through a temporary name: another process preparing the same folder never reads half a file.
    const temporary = `${target}.${process.pid}.tmp`;
    copyFileSync(source, temporary);
    renameSync(temporary, target);
  }
  return folder;
}
