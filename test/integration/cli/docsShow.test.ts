/**
 * `phare docs show <id> --json` gives the record with its pages (OCR flag and confidence), chunks
 * (page spans) and validation; `phare reembed` rebuilds stale vectors after a model change, and says
 * plainly when no embedding model is configured. Real library, real tiny GGUF embedding model.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/main';
import { corpusFile, tinyEmbedModel } from '../../helpers/paths';
import { captureIo } from './captureIo';

const pdf = corpusFile('pdf/pdfjs_tracemonkey.pdf');
let root: string;
let data: string;
let otherModel: string;
let documentId: string;

async function phare(args: string[], env?: NodeJS.ProcessEnv) {
  const io = captureIo(env, root);
  const code = await runCli([...args, '--data', data], io);
  return { code, out: io.out, err: io.err };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'phare-cli-docs-'));
  data = join(root, 'library');
  otherModel = join(root, 'tiny-embed-other.gguf');
  copyFileSync(tinyEmbedModel, otherModel);
  const { code, out } = await phare(['ingest', pdf, '--embedding-model', tinyEmbedModel, '--json']);
  expect(code).toBe(0);
  const [result] = JSON.parse(out) as Array<{ documentId: string; status: string }>;
  expect(result.status).toBe('ready');
  documentId = result.documentId;
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('phare docs show', () => {
  it('prints pages with their OCR flag and confidence, chunks with page numbers, and the validation', async () => {
    const { code, out } = await phare(['docs', 'show', documentId, '--json']);
    expect(code).toBe(0);
    const shown = JSON.parse(out) as {
      id: string;
      pages: Array<{ page: number; chars: number; ocr: boolean; confidence: number | null }>;
      chunks: Array<{ ordinal: number; pageStart: number; pageEnd: number; text: string }>;
      validation: { ok: boolean; checks: Array<{ name: string; ok: boolean }> };
    };
    expect(shown.id).toBe(documentId);
    expect(shown.pages.map((p) => p.page)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(shown.pages.every((p) => p.ocr === false && p.confidence === null && p.chars > 0)).toBe(true);
    expect(shown.chunks.length).toBeGreaterThan(10);
    expect(shown.chunks.every((c) => c.pageStart >= 1 && c.pageEnd <= 14 && c.pageStart <= c.pageEnd)).toBe(true);
    expect(new Set(shown.chunks.map((c) => c.pageStart)).size).toBeGreaterThan(10);
    expect(shown.validation.ok).toBe(true);
    expect(shown.validation.checks.map((c) => c.name)).toEqual(['has-chunks', 'no-empty-chunks', 'vector-dimension', 'findable']);
  });

  it('prints the same as text, in French too', async () => {
    const { code, out } = await phare(['docs', 'show', documentId], { LANG: 'fr_FR.UTF-8' });
    expect(code).toBe(0);
    expect(out).toContain('toutes les vérifications sont passées');
    expect(out).toMatch(/#0\s+p\. 1/);
  });
});

describe('phare reembed', () => {
  it('says when no embedding model is configured', async () => {
    const { code, err } = await phare(['reembed']);
    expect(code).toBe(1);
    expect(err).toMatch(/No embedding model/);
  });

  it('re-embeds the stale document with the new model, then finds nothing stale', async () => {
    const first = await phare(['reembed', '--embedding-model', otherModel, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ state: 'done', done: 1, total: 1, cachedChunks: 0 });
    const again = await phare(['reembed', '--embedding-model', otherModel, '--json']);
    expect(JSON.parse(again.out)).toMatchObject({ state: 'done', total: 0 });
    const shown = JSON.parse((await phare(['docs', 'show', documentId, '--json'])).out) as { embedder: string };
    expect(shown.embedder).toMatch(/^tiny-embed-other\.gguf:/);
  });
});
