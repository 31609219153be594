#!/usr/bin/env node
/**
 * `npm run mutation [-- module... | --mutate <file>] [other Stryker options]`: runs StrykerJS on the
 * core's decision-making modules (stryker.config.mjs), one module after the other, each mutating its own
 * files and running only its own test files. With no module named, all of them, fastest first.
 *
 *   npm run mutation -- chunkScores fusion
 *   npm run mutation -- --mutate src-main/core/quality/chunkScores.ts
 *   npm run mutation -- --mutate src-main/core/quality/chunkScores.ts:40-60
 *
 * Reports: reports/mutation/<module>.html and .json; the score table lives in docs/mutation-testing.md.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modules } from '../stryker.config.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

const names = [];
const passThrough = [];
let mutate = null;
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--mutate' || arg === '-m') mutate = args[++i];
  else if (arg.startsWith('--mutate=')) mutate = arg.slice('--mutate='.length);
  else if (arg.startsWith('-')) passThrough.push(arg, ...(args[i + 1] && !args[i + 1].startsWith('-') ? [args[++i]] : []));
  else names.push(arg);
}

for (const name of names) {
  if (!(name in modules)) {
    console.error(`No mutation module "${name}". Modules: ${Object.keys(modules).join(', ')}`);
    process.exit(2);
  }
}

if (mutate) {
  // The file given (or its span) belongs to a module: that module's tests are the ones to run.
  const file = mutate.replace(/\\/g, '/').replace(/:\d.*$/, '');
  const owner = Object.entries(modules).find(([, m]) =>
    m.mutate().some((pattern) => {
      const target = pattern.replace(/:\d.*$/, '');
      return target === file || (target.endsWith('/*.ts') && dirname(file) === dirname(target));
    }),
  );
  if (!owner) {
    console.error(`${file} is in no mutation module: add it (with its test files) to the table in stryker.config.mjs.`);
    process.exit(2);
  }
  names.splice(0, names.length, owner[0]);
  passThrough.push('--mutate', mutate);
}

const env = {
  ...process.env,
  // Stryker runs the tests in a copy of the checkout (.stryker-tmp/…), from where the corpus's default
  // place beside the checkout is not found: point at it from here.
  PHARE_CORPUS: process.env.PHARE_CORPUS ?? resolve(root, '../shared/corpus'),
};
const stryker = join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js');

let failed = false;
for (const name of names.length ? names : Object.keys(modules)) {
  console.log(`\n=== mutation testing: ${name} ===`);
  const run = spawnSync(process.execPath, [stryker, 'run', 'stryker.config.mjs', ...passThrough], {
    cwd: root,
    env: { ...env, PHARE_MUTATION_MODULE: name },
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    console.error(`Mutation testing of ${name} failed (exit ${run.status ?? run.signal}).`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
