#!/usr/bin/env node
/**
 * Builds the `phare` command into out/cli, so that it starts without compiling TypeScript (`npm run
 * build` runs it, and so does `npm install` through `prepare`).
 *
 * - out/cli/phare-<hash>.cjs is the CLI (src-main/cli/main.ts), one CommonJS file named by its content;
 *   out/cli/inferenceHost.js the inference host it forks for local models, out/cli/pdfPageHelperThread.js
 *   the worker thread that reads a big PDF's pages beside it (nodeHostLauncher and pdfPageHelper look
 *   for them next to the code that starts them: every file is written flat in out/cli for that reason).
 * - CommonJS, because bin/phare.js compiles it with V8's code cache (bin/loadWithCodeCache.js), which
 *   Node 20 offers for scripts and not for ES modules: a start then skips parsing and compiling the
 *   code it runs (`docs list` 0.52-0.56 s -> 0.32-0.40 s on a 2-core machine). The cache is written by
 *   a first run; the build makes that run itself (`docs list` on an empty library in a temporary
 *   folder), so the cache holds what opening a library compiles, not only `--help`. What a command
 *   imports with `await import()` is in the same file, and evaluated only when the command runs it.
 * - Packages are loaded from node_modules as usual (the native ones, node-llama-cpp, DuckDB, canvas,
 *   LanceDB's binary, must; so must those that find files next to their code: PDFium's WebAssembly,
 *   tesseract.js's worker, pino's transports), except the pure-JavaScript ones every command loads
 *   (BUNDLED: one compiled file instead of hundreds of modules, each resolved, read and compiled apart;
 *   LanceDB's JavaScript with apache-arrow alone is ~105 -> ~65 ms, ~28 ms from the code cache) and
 *   the ES-module-only ones, which a CommonJS file cannot require. A package they require that is not
 *   listed stays external; the build fails if an external one could not be required.
 * - apache-arrow is one copy: our imports and LanceDB's require() both get its CommonJS build.
 * - out/cli/build.json names the bundle and lists the source files it was made from and when:
 *   bin/phare.js runs the bundle only when none of them changed since, and the sources through tsx
 *   otherwise.
 *
 * Written to a temporary folder first, then moved in file by file (see the end): a CLI starting or
 * running meanwhile, or another build (two test files at once), never meets half of a build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const outDir = join(root, 'out', 'cli');
const staging = `${outDir}.${process.pid}.tmp`;
/** A file of an earlier build (bundle, code cache) is removed once this old (a CLI started on that build has long ended). */
const STALE_FILE_MS = 10 * 60 * 1000;

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
  // LanceDB's JavaScript (its native binary, @lancedb/lancedb-<platform>, stays external) and apache-arrow.
  '@lancedb/lancedb',
  'reflect-metadata',
  'apache-arrow',
  'flatbuffers',
  'tslib',
  '@swc/helpers',
  'json-bignum',
  'command-line-args',
  'command-line-usage',
  // ES modules only (the HTML, DOCX, PPTX and XLSX readers): a CommonJS file cannot require them.
  'htmlparser2',
  'domhandler',
  'domutils',
  'domelementtype',
  'dom-serializer',
  'entities',
]);

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Bare imports are external unless their package is BUNDLED. */
function externalPackages(bundled) {
  return {
    name: 'external-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === 'entry-point' || bundled.has(packageName(args.path))) return undefined;
        return { path: args.path, external: true };
      });
    },
  };
}

/** Our `import … from 'apache-arrow'` gets the CommonJS build LanceDB requires, not a second copy (its ESM build). */
function arrowFromCommonJs() {
  const arrow = require.resolve('apache-arrow');
  return {
    name: 'arrow-from-commonjs',
    setup(build) {
      build.onResolve({ filter: /^apache-arrow$/ }, () => ({ path: arrow }));
    },
  };
}

/** Whether `require(name)` from the project would load an ES module (Node 20 cannot require those). */
function requiresAnEsModule(name) {
  let file;
  try {
    file = require.resolve(name);
  } catch {
    return false; // Optional and absent (another platform's binary): the code that requires it copes.
  }
  if (file.endsWith('.mjs')) return true;
  if (!file.endsWith('.js')) return false;
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')).type === 'module';
  }
  return false;
}

/**
 * `await import('node-llama-cpp')` and the other packages a command imports when it runs become
 * `__phareImport('node-llama-cpp')`, a function of bin/loadWithCodeCache.js: in Node 20, an import()
 * compiled from V8's code cache fails ("A dynamic import callback was not specified"), and the
 * option that gives a script Node's loader (vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER) is
 * experimental and warns on stderr. Every such import is found and replaced, or the build fails.
 */
function importsThroughLoader(file, specifiers) {
  let code = readFileSync(file, 'utf8');
  for (const specifier of new Set(specifiers)) {
    const call = `import(${JSON.stringify(specifier)})`;
    if (!code.includes(call)) throw new Error(`the CLI bundle has no ${call} to route through bin/loadWithCodeCache.js`);
    code = code.split(call).join(`__phareImport(${JSON.stringify(specifier)})`);
  }
  const left = code.match(/\bimport\(\s*["'`]/);
  if (left) throw new Error(`the CLI bundle still has an import() bin/loadWithCodeCache.js would not serve: ${code.slice(left.index, left.index + 60)}`);
  writeFileSync(file, code);
}

const startedAt = Date.now();
const { build } = await loadEsbuild();
rmSync(staging, { recursive: true, force: true });
const common = { absWorkingDir: root, outdir: staging, bundle: true, platform: 'node', target: 'node20.19', metafile: true, logLevel: 'warning' };
const cli = await build({
  ...common,
  entryPoints: { phare: 'src-main/cli/main.ts' },
  entryNames: '[name]-[hash]',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // import.meta is not there in CommonJS; what our code asks of it is the file's own URL.
  define: { 'import.meta.url': '__phareImportMetaUrl' },
  // __phareImport: given by bin/loadWithCodeCache.js (see importsThroughLoader); import() under require().
  banner: {
    js: [
      "var __phareImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
      'var __phareImport = __phareImport || ((specifier) => import(specifier));',
    ].join('\n'),
  },
  plugins: [arrowFromCommonJs(), externalPackages(BUNDLED)],
});
const [cliPath, cliOutput] = Object.entries(cli.metafile.outputs).find(([path]) => /\/phare-\w+\.cjs$/.test(path));
const cliFile = cliPath.split('/').pop();
const esOnly = new Set();
for (const imported of cliOutput.imports) {
  if (imported.external && imported.kind === 'require-call' && !imported.path.startsWith('node:') && !imported.path.startsWith('.') && requiresAnEsModule(imported.path)) esOnly.add(imported.path);
}
if (esOnly.size > 0) throw new Error(`the CLI would require() ES modules (add them to BUNDLED): ${[...esOnly].join(', ')}`);
importsThroughLoader(join(root, cliPath), cliOutput.imports.filter((imported) => imported.external && imported.kind === 'dynamic-import').map((imported) => imported.path));

// The inference host runs node-llama-cpp (ES modules only), in a process of its own: an ES module.
const host = await build({
  ...common,
  entryPoints: { inferenceHost: 'src-main/core/llm/host/hostMain.ts' },
  format: 'esm',
  // The CommonJS packages bundled here require Node's built-ins and the packages left external.
  banner: { js: "import { createRequire as __phareCreateRequire } from 'node:module'; const require = __phareCreateRequire(import.meta.url);" },
  plugins: [externalPackages(BUNDLED)],
});
// The PDF page helper (ingest/extract/pdfPageHelper.ts) runs in a worker thread: an ES module of its own.
const pageHelper = await build({
  ...common,
  entryPoints: { pdfPageHelperThread: 'src-main/core/ingest/extract/pdfPageHelperThread.ts' },
  format: 'esm',
  plugins: [externalPackages(BUNDLED)],
});
const inputs = [...new Set([cli, host, pageHelper].flatMap((result) => Object.keys(result.metafile.inputs)))]
  .filter((path) => !path.includes('node_modules/') && !path.includes(':'))
  .map((path) => relative(root, join(root, path)).split('\\').join('/'))
  .sort();
writeFileSync(join(staging, 'build.json'), JSON.stringify({ builtAt: startedAt, cli: cliFile, inputs }, null, 1) + '\n');

// Into out/cli: the bundle first (named by its content: one already there is the same file), then
// the inference host and the page helper, then build.json, each by a rename (atomic); so a CLI
// starting meanwhile finds a whole build, old or new. A bundle of an earlier build stays a while for
// a CLI still running on it.
mkdirSync(outDir, { recursive: true });
const ENTRIES = ['inferenceHost.js', 'pdfPageHelperThread.js'];
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
const codeCache = `${cliFile}.cache`;
const keep = new Set([...files, codeCache]);
for (const file of readdirSync(outDir)) {
  const path = join(outDir, file);
  try {
    if (!keep.has(file) && Date.now() - statSync(path).mtimeMs > STALE_FILE_MS) rmSync(path, { recursive: true, force: true });
  } catch {
    // Removed meanwhile by another build.
  }
}

// The code cache of a new bundle, written by a first run (bin/loadWithCodeCache.js): `docs list` on
// an empty library, so that it holds what opening a library compiles. A failure here costs speed only.
let cacheNote = 'code cache already there';
if (!existsSync(join(outDir, codeCache))) {
  const data = mkdtempSync(join(tmpdir(), 'phare-cli-cache-'));
  try {
    const run = spawnSync(process.execPath, [join(root, 'bin', 'phare.js'), 'docs', 'list', '--json', '--data', data], {
      cwd: root,
      env: { ...process.env, PHARE_CLI_FROM_SOURCE: '0' },
      encoding: 'utf8',
    });
    cacheNote = run.status === 0 && existsSync(join(outDir, codeCache)) ? 'code cache written' : `no code cache (the first run failed: ${(run.stderr || run.error?.message || '').trim().split('\n')[0]})`;
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}
console.log(`phare CLI built in out/cli (${inputs.length} source files, ${Date.now() - startedAt} ms; ${cacheNote})`);
