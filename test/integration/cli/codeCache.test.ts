/**
 * The compiled CLI starts from V8's code cache (bin/loadWithCodeCache.js, issue 13: the CLI answers
 * at once): the build leaves one for its bundle, a start that finds it uses it and leaves it as it is,
 * one that finds a cache V8 rejects writes a good one, and what a command imports as it runs (here
 * tesseract.js, for an image) still loads from code compiled out of that cache.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildCompiledCli, cliEntry, loadedPackage, runBin } from '../../helpers/compiledCli';
import { corpusFile, repoRoot } from '../../helpers/paths';

let data: string;
let cacheFile: string;

beforeAll(() => {
  buildCompiledCli();
  const build = JSON.parse(readFileSync(join(repoRoot, 'out/cli/build.json'), 'utf8')) as { cli: string };
  cacheFile = join(repoRoot, 'out/cli', `${build.cli}.cache`);
  data = mkdtempSync(join(tmpdir(), 'phare-code-cache-'));
}, 120_000);

afterAll(() => rmSync(data, { recursive: true, force: true }));

it('the build leaves a code cache that a start uses without writing it again', async () => {
  const before = statSync(cacheFile);
  expect(before.size).toBeGreaterThan(100_000);
  const run = await runBin(['docs', 'list', '--json', '--data', data], { fromSource: false });
  expect(run.code, run.err).toBe(0);
  expect(cliEntry(run.modules)).toBe('compiled');
  expect(JSON.parse(run.out)).toEqual([]);
  expect(statSync(cacheFile).mtimeMs).toBe(before.mtimeMs);
}, 60_000);

it('a cache V8 rejects is replaced by a good one at the end of the run', async () => {
  const good = readFileSync(cacheFile);
  writeFileSync(cacheFile, Buffer.alloc(good.length, 7));
  const run = await runBin(['docs', 'list', '--json', '--data', data], { fromSource: false });
  expect(run.code, run.err).toBe(0);
  expect(run.err).toBe('');
  const rewritten = readFileSync(cacheFile);
  expect(rewritten.length).toBeGreaterThan(100_000);
  expect(rewritten.equals(Buffer.alloc(good.length, 7))).toBe(false);
  // And that one is used as it is by the next start.
  const mtime = statSync(cacheFile).mtimeMs;
  expect((await runBin(['docs', 'list', '--json', '--data', data], { fromSource: false })).code).toBe(0);
  expect(statSync(cacheFile).mtimeMs).toBe(mtime);
}, 60_000);

it('a package the command imports as it runs loads from code out of the cache (an image read by OCR)', async () => {
  const run = await runBin(['ingest', corpusFile('ocr/en/tessjs_bill.png'), '--json', '--data', data], { fromSource: false });
  expect(run.code, run.err).toBe(0);
  expect(cliEntry(run.modules)).toBe('compiled');
  const [result] = JSON.parse(run.out) as Array<{ status: string; chunks: number; error: unknown }>;
  expect(result.error).toBeNull();
  expect(result.status).toBe('ready');
  expect(result.chunks).toBeGreaterThan(0);
  expect(loadedPackage(run.modules, 'tesseract.js')).toBe(true);
}, 120_000);
