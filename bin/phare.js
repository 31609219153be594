#!/usr/bin/env node
// The `phare` command. It runs the CLI compiled by `npm run build` (out/cli, built by `npm install`
// too; loaded with V8's code cache by loadWithCodeCache.js) when that build is current, and otherwise
// its TypeScript sources through tsx (a dependency), so `npx phare …` works in every state of a
// checkout, and a source edited since the last build is what runs.
//
// Current means: out/cli/build.json names the bundle and lists the source files of the build and when
// it started, and none of them is missing or modified since (a few hundred stat calls, a few
// milliseconds). A tree without sources (a package) runs the build as it is. PHARE_CLI_FROM_SOURCE=1
// always runs the sources, and PHARE_CLI_FROM_SOURCE=0 the build whenever there is one (benchmarks,
// in a tree being edited).
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const rootPath = fileURLToPath(root);

function compiledCli() {
  if (process.env.PHARE_CLI_FROM_SOURCE === '1') return null;
  let build;
  try {
    build = JSON.parse(readFileSync(new URL('out/cli/build.json', root), 'utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(build?.inputs) || typeof build.builtAt !== 'number' || !/^phare-\w+\.cjs$/.test(build.cli ?? '')) return null;
  let checkSources = process.env.PHARE_CLI_FROM_SOURCE !== '0';
  try {
    if (checkSources) statSync(new URL('src-main/cli/main.ts', root));
  } catch {
    checkSources = false;
  }
  if (checkSources) {
    for (const input of build.inputs) {
      try {
        if (statSync(rootPath + input).mtimeMs > build.builtAt) return null;
      } catch {
        return null;
      }
    }
  }
  return fileURLToPath(new URL(`out/cli/${build.cli}`, root));
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
