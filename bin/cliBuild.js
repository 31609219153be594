// The compiled CLI's build record, out/cli/build.json (written by scripts/build-cli.mjs): the bundle's
// name, the source files the build was made from, and when it started. bin/phare.js runs the bundle,
// and the sources run the PDF page helper's build (core/ingest/extract/pdfPageHelper.ts), only while
// that build is current: none of its sources missing or modified since (a few hundred stat calls, a
// few milliseconds).
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The build record under `root` (the package folder, a file URL ending in /), or null when there is
 * none, it is malformed, or (with `checkSources`) a source of the build changed after it.
 */
export function currentCliBuild(root, { checkSources = true } = {}) {
  let build;
  try {
    build = JSON.parse(readFileSync(new URL('out/cli/build.json', root), 'utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(build?.inputs) || typeof build.builtAt !== 'number' || !/^phare-\w+\.cjs$/.test(build.cli ?? '')) return null;
  if (!checkSources) return build;
  const rootPath = fileURLToPath(root);
  for (const input of build.inputs) {
    try {
      if (typeof input !== 'string' || statSync(rootPath + input).mtimeMs > build.builtAt) return null;
    } catch {
      return null;
    }
  }
  return build;
}
