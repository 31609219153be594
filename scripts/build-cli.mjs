#!/usr/bin/env node
/**
 * Builds the `phare` command into out/cli, so that it starts without compiling TypeScript (`npm run
 * build` runs it, and so does `npm install` through `prepare`).
 *
 * - out/cli/phare.js is the CLI (src-main/cli/main.ts), out/cli/inferenceHost.js the inference host it
 *   forks for local models (nodeHostLauncher looks for it next to the code that forks it: every file
 *   is written flat in out/cli for that reason). What a command imports with `await import()` is a
 *   chunk of its own, loaded when the command runs.
 * - Packages are loaded from node_modules as usual (the native ones, LanceDB, node-llama-cpp, DuckDB,
 *   canvas, must; so must those that find files next to their code: PDFium's WebAssembly,
 *   tesseract.js's worker, pino's transports), except a few pure-JavaScript ones that every command
 *   loads (BUNDLED): one file instead of hundreds (date-fns alone is 304 modules for pino-roll) is
 *   about 55 ms less CPU at each start. A package they require that is not listed stays external.
 * - apache-arrow is taken from its CommonJS build, the one LanceDB loads: imported as ESM it is a
 *   second copy of the same library (134 more modules at every start).
 * - out/cli/build.json lists the source files the bundle was made from and when: bin/phare.js runs
 *   the bundle only when none of them changed since, and the sources through tsx otherwise.
 *
 * Written to a temporary folder first, then moved in file by file (see the end): a CLI starting or
 * running meanwhile, or another build (two test files at once), never meets half of a build.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const outDir = join(root, 'out', 'cli');
const staging = `${outDir}.${process.pid}.tmp`;
/** A chunk of an earlier build is removed once this old (a CLI started on that build has long ended). */
const STALE_CHUNK_MS = 10 * 60 * 1000;

/** esbuild comes with tsx (a dependency) and vite; npm hoists it, but ask tsx when it did not. */
async function loadEsbuild() {
  try {
    return await import('esbuild');
  } catch {
    const fromTsx = createRequire(require.resolve('tsx/package.json'));
    return await import(pathToFileURL(fromTsx.resolve('esbuild')).href);
  }
}

/** Pure JavaScript, loaded at every start, no file of their own read at run time. */
const BUNDLED = new Set([
  'zod',
  'commander',
  'prom-client',
  '@opentelemetry/api',
  'tdigest',
  'bintrees',
  'node-schedule',
  'cron-parser',
  'luxon',
  'long-timeout',
  'sorted-array-functions',
  'pino-roll',
  'date-fns',
]);

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Bare imports are external unless their package is BUNDLED (apache-arrow: arrowFromCommonJs). */
function externalPackages() {
  return {
    name: 'external-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === 'entry-point' || args.path === 'apache-arrow' || BUNDLED.has(packageName(args.path))) return undefined;
        return { path: args.path, external: true };
      });
    },
  };
}

/** `import { Schema } from 'apache-arrow'` becomes the CommonJS instance LanceDB uses. */
function arrowFromCommonJs() {
  const names = Object.keys(require('apache-arrow')).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
  return {
    name: 'arrow-from-commonjs',
    setup(build) {
      build.onResolve({ filter: /^apache-arrow$/ }, () => ({ path: 'apache-arrow', namespace: 'arrow-cjs' }));
      build.onLoad({ filter: /.*/, namespace: 'arrow-cjs' }, () => ({
        contents: [
          "import { createRequire } from 'node:module';",
          "const arrow = createRequire(import.meta.url)('apache-arrow');",
          `export const { ${names.join(', ')} } = arrow;`,
          'export default arrow;',
        ].join('\n'),
        loader: 'js',
        resolveDir: root,
      }));
    },
  };
}

const startedAt = Date.now();
const { build } = await loadEsbuild();
rmSync(staging, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { phare: 'src-main/cli/main.ts', inferenceHost: 'src-main/core/llm/host/hostMain.ts' },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // The CommonJS packages bundled here require Node's built-ins and the packages left external.
  banner: { js: "import { createRequire as __phareCreateRequire } from 'node:module'; const require = __phareCreateRequire(import.meta.url);" },
  chunkNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  plugins: [arrowFromCommonJs(), externalPackages()],
});
const inputs = Object.keys(result.metafile.inputs)
  .filter((path) => !path.includes('node_modules/') && !path.includes(':'))
  .map((path) => relative(root, join(root, path)).split('\\').join('/'))
  .sort();
writeFileSync(join(staging, 'build.json'), JSON.stringify({ builtAt: startedAt, inputs }, null, 1) + '\n');

// Into out/cli: the chunks first (named by their content: one already there is the same file), then
// the entry files, then build.json, each by a rename (atomic); so a CLI starting meanwhile finds a
// whole build, old or new. A chunk of an earlier build stays a while for a CLI still running on it.
mkdirSync(outDir, { recursive: true });
const ENTRIES = ['phare.js', 'inferenceHost.js'];
const files = readdirSync(staging);
const ordered = [...files.filter((f) => !ENTRIES.includes(f) && f !== 'build.json'), ...ENTRIES, 'build.json'];
for (const file of ordered) {
  const target = join(outDir, file);
  if (file.includes('-') && !ENTRIES.includes(file) && existsSync(target)) {
    // Dated now: its age counts from the last build that used it.
    const now = new Date();
    utimesSync(target, now, now);
    continue;
  }
  renameSync(join(staging, file), target);
}
rmSync(staging, { recursive: true, force: true });
const keep = new Set(files);
for (const file of readdirSync(outDir)) {
  const path = join(outDir, file);
  try {
    if (!keep.has(file) && Date.now() - statSync(path).mtimeMs > STALE_CHUNK_MS) rmSync(path, { recursive: true, force: true });
  } catch {
    // Removed meanwhile by another build.
  }
}
console.log(`phare CLI built in out/cli (${inputs.length} source files, ${Date.now() - startedAt} ms)`);
