// Loads the compiled CLI (a CommonJS file) as require() would, but compiled with V8's code cache:
// Node 20 keeps no such cache for ES modules, and without one every start parses and compiles the
// code it runs anew (about a third of a `phare docs list`). The cache is written next to the file by
// the first run that finds none, or finds one V8 rejects (another Node version, or other V8 flags:
// NODE_OPTIONS=--max-old-space-size=… is enough), when that run exits: by then it holds every function
// the run compiled. The file is named by its content (phare-<hash>.cjs): V8 checks a cache only
// against the source's length, so a cache must never meet another file of the same name. A cache
// that cannot be written (a read-only checkout) costs speed only. The packages the CLI imports as it
// runs (node-llama-cpp, tesseract.js…) are imported here, for it (importPackage; scripts/build-cli.mjs
// says why).
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

export function loadWithCodeCache(file) {
  const cacheFile = `${file}.cache`;
  const source = readFileSync(file, 'utf8');
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // require()'s own wrapper, with one parameter more.
  const wrapped = `(function (exports, require, module, __filename, __dirname, __phareImport) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const require = createRequire(file);
  const module = new Module(file, null);
  module.filename = file;
  require.cache[file] = module;
  script.runInThisContext()(module.exports, require, module, file, dirname(file), importPackage);
  module.loaded = true;
  if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => writeCodeCache(script, cacheFile));
  return module.exports;
}

/** Resolved from bin/, a sibling of out/cli: the same node_modules. */
function importPackage(specifier) {
  return import(specifier);
}

function writeCodeCache(script, cacheFile) {
  // Renamed into place: a start reading it meanwhile finds the whole cache or none.
  const partial = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, cacheFile);
  } catch {
    rmSync(partial, { force: true });
  }
}
