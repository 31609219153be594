// @ts-check
/**
 * Mutation testing (StrykerJS) of the core's decision-making modules: `npm run mutation` (see
 * docs/mutation-testing.md). Not part of `npm test` nor CI: a module takes minutes to an hour on two cores.
 *
 * Each module is run on its own (scripts/mutation.mjs sets PHARE_MUTATION_MODULE), mutating only its
 * files and running only the test files that exercise them, so a mutant costs a few tests rather than the
 * suite. Results are kept per module (incremental mode): a second run only tests the mutants of code or
 * tests that changed since.
 */
import { readFileSync } from 'node:fs';

/**
 * Lines of `file` from the first one containing `from` to the one before the next containing `to`
 * (or to that line itself when `inclusive`): the part of a large file a module owns, found by its code
 * rather than by line numbers that move with every edit.
 * @param {string} file
 * @param {string} from
 * @param {string} to
 * @param {boolean} [inclusive]
 */
function span(file, from, to, inclusive = false) {
  const lines = readFileSync(new URL(file, import.meta.url), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.includes(from));
  const end = start < 0 ? -1 : lines.findIndex((l, i) => i >= start && l.includes(to));
  if (start < 0 || end < 0) throw new Error(`stryker.config.mjs: ${file} no longer has "${from}" ... "${to}": update the module table`);
  return `${file}:${start + 1}-${inclusive ? end + 1 : end}`;
}

const ingestService = 'src-main/core/ingest/ingestService.ts';
const libraryStore = 'src-main/core/store/libraryStore.ts';

/**
 * The modules, fastest first. `mutate`: files (or spans of a file) whose code is mutated; `tests`: the
 * test files that run against each mutant (only those covering the mutant, as measured by the dry run).
 * @type {Record<string, { mutate: () => string[]; tests: string[] }>}
 */
export const modules = {
  chunkScores: {
    mutate: () => ['src-main/core/quality/chunkScores.ts'],
    tests: ['test/unit/quality/chunkScores.test.ts'],
  },
  fusion: {
    mutate: () => ['src-main/core/retrieval/rrf.ts', 'src-main/core/retrieval/sanitizeQuery.ts'],
    tests: ['test/unit/retrieval/query.test.ts'],
  },
  reingestAdvice: {
    mutate: () => ['src-main/core/quality/reingestAdvice.ts'],
    tests: ['test/unit/quality/reingestAdvice.test.ts'],
  },
  chunker: {
    mutate: () => ['src-main/core/ingest/chunker.ts'],
    tests: ['test/unit/ingest/chunker.test.ts', 'test/unit/chunkerTokens.test.ts'],
  },
  citationCheck: {
    mutate: () => ['src-main/core/chat/citationCheck/*.ts'],
    tests: ['test/unit/chat/citationCheck.test.ts', 'test/integration/chat/citationCheck.test.ts'],
  },
  answerPacking: {
    mutate: () => ['src-main/core/chat/ragPrompt.ts'],
    // packSources called with word and character counts, in milliseconds. answersPacking checks the same
    // rules with the tiny chat model's tokenizer; at about 30 s a mutant it is left out of mutation runs.
    tests: ['test/unit/chat/ragPrompt.test.ts', 'test/unit/chat/ragPromptPacking.test.ts'],
  },
  chunkDecisions: {
    mutate: () => ['src-main/core/quality/chunkDecisions.ts'],
    // chunkDecisions: each decision and reconcile() on a real store, in a second; analysisRunJudge: decisions made by a run.
    tests: ['test/integration/quality/chunkDecisions.test.ts', 'test/integration/quality/analysisRunJudge.test.ts'],
  },
  retriever: {
    mutate: () => ['src-main/core/retrieval/retriever.ts'],
    tests: [
      'test/integration/retrieval/retriever.test.ts',
      'test/integration/retrieval/candidates.test.ts',
      'test/integration/core/answers.test.ts',
    ],
  },
  blacklist: {
    mutate: () => [
      span(libraryStore, 'let blacklistCache', 'hits.filter((h) => !blacklisted.has(h.chunkId))', true),
      span(libraryStore, 'options.includeBlacklisted ? found', 'options.includeBlacklisted ? found', true),
      span(libraryStore, 'function scopeFilter(', "hasBlacklist ? 'blacklisted = false'", true),
    ],
    // candidates: few and many blacklisted chunks (the post-filter and the prefilter past the cap).
    tests: ['test/integration/quality/blacklistEverywhere.test.ts', 'test/integration/retrieval/candidates.test.ts'],
  },
  jobResume: {
    mutate: () => [
      'src-main/core/jobs/jobJournal.ts',
      span(ingestService, 'async function ownDuplicate(', 'function maybeFinish('),
      span(ingestService, 'async function settleLeftovers(', 'function register('),
      span(ingestService, 'async takeOverInterrupted(', 'startInterrupted()'),
    ],
    // The journal on real files, and resuming from a journal as a kill leaves it, in process (seconds).
    // killResume and acceptedJobDurable test the same with a real SIGKILL of a child process; at a
    // minute or more a run they are left out of mutation runs.
    tests: [
      'test/integration/jobs/jobJournal.test.ts',
      'test/integration/jobs/resumeJournal.test.ts',
      'test/integration/jobs/journalWriteErrors.test.ts',
    ],
  },
};

const name = process.env.PHARE_MUTATION_MODULE ?? 'chunkScores';
const selected = modules[name];
if (!selected) throw new Error(`stryker.config.mjs: no module "${name}" (one of ${Object.keys(modules).join(', ')})`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts', related: true },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: selected.mutate(),
  testFiles: selected.tests,
  coverageAnalysis: 'perTest',
  // Static mutants (values built when a module loads: tables, word lists, prompts) cannot be tested by
  // StrykerJS 9.6 with a test filter: the vitest runner activates them after the module was imported, so
  // each one "survives" whatever the tests say (stryker-js issue 6144; made by hand, nearly all of them
  // fail their tests). They are left out of the run and the score (shown as "Ignored" in the report) and
  // are checked by hand (docs/mutation-testing.md).
  ignoreStatic: true,
  // Two cores shared with the rest of the work: one test runner, one checker.
  concurrency: 1,
  // The integration tests start LanceDB, llama.cpp and tesseract: a slow mutant is not a hung one.
  timeoutMS: 60_000,
  timeoutFactor: 2,
  incremental: true,
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  // Never mutate the checkout itself: Stryker works in a copy under .stryker-tmp/<module>/, one folder
  // per module so that two modules can run at the same time without one cleaning up the other's copy.
  inPlace: false,
  tempDirName: `.stryker-tmp/${name}`,
  cleanTempDir: true,
  ignorePatterns: ['.stryker-tmp', 'out', 'dist', 'test-results', 'playwright-report', 'reports', 'bench/.cache', 'test/fixtures/generated', '.phare-data'],
  thresholds: { high: 85, low: 70, break: null },
};
