/**
 * What a start of `phare` loads (issue 13: the CLI answers at once). `--help`, `docs list`, `docs show`
 * and a full-text search (even with an embedding model set) load no model runtime (node-llama-cpp), no
 * document reader (PDFium, mammoth, tesseract.js, pdf.js) and no DuckDB: those come with the commands
 * that use them. And bin/phare.js
 * runs the compiled CLI only while it is current: a source modified after the build runs from source.
 */
import { mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCompiledCli, cliEntry, loadedPackage, runBin } from '../../helpers/compiledCli';
import { corpusFile, repoRoot, tinyEmbedModel } from '../../helpers/paths';

const HEAVY = ['node-llama-cpp', '@hyzyla/pdfium', 'tesseract.js', 'mammoth', 'pdfjs-dist', '@duckdb/node-api', '@napi-rs/canvas'];

let data: string;
let documentId: string;

beforeAll(async () => {
  buildCompiledCli();
  data = mkdtempSync(join(tmpdir(), 'phare-start-'));
  const ingest = await runBin(['ingest', corpusFile('qa/xquad_en/docs/xquad_en_d002_Normans.txt'), '--json', '--data', data], { fromSource: false });
  expect(ingest.code, ingest.err).toBe(0);
  documentId = (JSON.parse(ingest.out) as Array<{ documentId: string }>)[0].documentId;
}, 120_000);

afterAll(() => rmSync(data, { recursive: true, force: true }));

describe.each([
  { mode: 'compiled' as const, fromSource: false },
  { mode: 'source' as const, fromSource: true },
])('a $mode start', ({ mode, fromSource }) => {
  const commands: Array<[string, () => string[]]> = [
    ['--help', () => ['--help']],
    ['docs list --json', () => ['docs', 'list', '--json', '--data', data]],
    ['docs show --json', () => ['docs', 'show', documentId, '--json', '--data', data]],
    ['search --mode fulltext --json', () => ['search', '--mode', 'fulltext', 'Normandy', '--json', '--data', data]],
    // An embedding model set changes nothing for a full-text search: no model is loaded.
    ['search --mode fulltext --embedding-model', () => ['search', '--mode', 'fulltext', 'Normandy', '--embedding-model', tinyEmbedModel, '--json', '--data', data]],
  ];

  it.each(commands)('%s loads no model runtime nor document reader', async (_label, args) => {
    const run = await runBin(args(), { fromSource });
    expect(run.code, run.err).toBe(0);
    expect(cliEntry(run.modules)).toBe(mode);
    expect(HEAVY.filter((name) => loadedPackage(run.modules, name))).toEqual([]);
  }, 60_000);

  it('--help opens no library either', async () => {
    const run = await runBin(['--help'], { fromSource });
    expect(run.out).toContain('docs');
    // LanceDB's JavaScript is inside the compiled CLI; its native binary (@lancedb/lancedb-<platform>) is not.
    expect(run.modules.filter((url) => url.includes('/node_modules/@lancedb/'))).toEqual([]);
  }, 60_000);
});

it('ingesting a PDF loads PDFium then, in the same command', async () => {
  const run = await runBin(['ingest', corpusFile('pdf/pdfjs_tracemonkey.pdf'), '--json', '--data', data], { fromSource: false });
  expect(run.code, run.err).toBe(0);
  expect(cliEntry(run.modules)).toBe('compiled');
  expect(loadedPackage(run.modules, '@hyzyla/pdfium')).toBe(true);
  expect(loadedPackage(run.modules, 'node-llama-cpp')).toBe(false);
}, 120_000);

it('ingesting a big PDF starts the page helper thread from the build (ingest/extract/pdfPageHelper.ts)', async () => {
  // 64 pages: above the helper's threshold. The thread loads its compiled entry from out/cli.
  const run = await runBin(['ingest', corpusFile('pdf/deb_maint-guide-fr_maint-guide.fr.pdf'), '--json', '--data', data], { fromSource: false });
  expect(run.code, run.err).toBe(0);
  expect((JSON.parse(run.out) as Array<{ status: string; pages: number }>)[0]).toMatchObject({ status: 'ready', pages: 64 });
  expect(run.modules).toContain(pathToFileURL(join(repoRoot, 'out/cli/pdfPageHelperThread.js')).href);
}, 120_000);

it('bin/phare.js runs the build while it is current, the sources once one changed after it', async () => {
  buildCompiledCli();
  const current = await runBin(['docs', 'list', '--json', '--data', data]);
  expect(current.code, current.err).toBe(0);
  expect(cliEntry(current.modules)).toBe('compiled');

  // A source of the build, dated after it, then given back its own dates.
  const source = join(repoRoot, 'src-main/cli/byteSize.ts');
  const { atime, mtime } = statSync(source);
  try {
    utimesSync(source, atime, new Date(Date.now() + 60_000));
    const stale = await runBin(['docs', 'list', '--json', '--data', data]);
    expect(stale.code, stale.err).toBe(0);
    expect(cliEntry(stale.modules)).toBe('source');
    expect(JSON.parse(stale.out)).toEqual(JSON.parse(current.out));
    // PHARE_CLI_FROM_SOURCE=0: the build all the same.
    const forced = await runBin(['docs', 'list', '--json', '--data', data], { fromSource: false });
    expect(cliEntry(forced.modules)).toBe('compiled');
  } finally {
    utimesSync(source, atime, mtime);
  }
}, 60_000);
