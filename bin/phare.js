#!/usr/bin/env node
// The `phare` command. It runs the CLI compiled by `npm run build` (out/cli, built by `npm install`
// too; loaded with V8's code cache by loadWithCodeCache.js) when that build is current, and otherwise
// its TypeScript sources through tsx (a dependency), so `npx phare …` works in every state of a
// checkout, and a source edited since the last build is what runs.
//
// Current means: none of the build's sources missing or modified since it started (cliBuild.js). A
// tree without sources (a package) runs the build as it is. PHARE_CLI_FROM_SOURCE=1 always runs the
// sources, and PHARE_CLI_FROM_SOURCE=0 the build whenever there is one (benchmarks, in a tree being
// edited).
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { currentCliBuild } from './cliBuild.js';

const root = new URL('../', import.meta.url);

function compiledCli() {
  if (process.env.PHARE_CLI_FROM_SOURCE === '1') return null;
  let checkSources = process.env.PHARE_CLI_FROM_SOURCE !== '0';
  try {
    if (checkSources) statSync(new URL('src-main/cli/main.ts', root));
  } catch {
    checkSources = false;
  }
  const build = currentCliBuild(root, { checkSources });
  return build && fileURLToPath(new URL(`out/cli/${build.cli}`, root));
}

const compiled = compiledCli();
let cli;
if (compiled) {
  const { loadWithCodeCache } = await import('./loadWithCodeCache.js');
  try {
    cli = loadWithCodeCache(compiled);
  } catch (error) {
    // A build removed under us (out/cli deleted by hand, say): the sources are still there.
    if (error?.code !== 'ENOENT' || error.path !== compiled) throw error;
  }
}
if (!cli) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(new URL('src-main/cli/main.ts', root).href);
}
await cli.runCliProcess(process.argv.slice(2));
