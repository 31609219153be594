// `node --import <this file> …`: records every module the process loads (its URL, one a line) in the
// file named by PHARE_MODULE_TRACE: those loaded through the ESM loader as they load (hooks.mjs), and
// at exit those in require()'s cache, which the compiled CLI (one CommonJS file, bin/loadWithCodeCache.js)
// and the CommonJS packages it requires load through.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

if (process.env.PHARE_MODULE_TRACE) {
  register(new URL('./hooks.mjs', import.meta.url));
  const required = createRequire(import.meta.url).cache;
  process.on('exit', () => {
    const urls = Object.keys(required).map((file) => pathToFileURL(file).href);
    if (urls.length > 0) appendFileSync(process.env.PHARE_MODULE_TRACE, `${urls.join('\n')}\n`);
  });
}
