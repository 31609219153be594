/**
 * `phare models list|add` in-process with captured output, on folders holding the tiny fixtures and
 * files this test damages itself; plus one real spawn to show that a bad file gives one line and exit 1
 * (no stack trace, no hang) from the actual command.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/main';
import type { ModelFile } from '../../../src-shared/domain';
import { repoRoot, tinyChatModel, tinyEmbedModel } from '../../helpers/paths';
import { captureIo } from './captureIo';

let root: string;
let data: string;
let modelsDir: string;
let truncated: string;
let malformed: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'phare-cli-models-'));
  data = join(root, 'data');
  modelsDir = join(root, 'models');
  mkdirSync(modelsDir);
  copyFileSync(tinyChatModel, join(modelsDir, 'tiny-chat.gguf'));
  copyFileSync(tinyEmbedModel, join(modelsDir, 'tiny-embed.gguf'));
  const bytes = readFileSync(tinyChatModel);
  truncated = join(root, 'truncated.gguf');
  writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  malformed = join(root, 'malformed.gguf');
  // The magic and version of a GGUF, then a tensor count no file could hold.
  writeFileSync(malformed, Buffer.concat([bytes.subarray(0, 8), Buffer.alloc(48, 0xff)]));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(args: string[], env: NodeJS.ProcessEnv = { LANG: 'en_US.UTF-8' }) {
  const io = captureIo(env, root);
  const code = await runCli([...args, '--data', data], io);
  return { code, out: io.out, err: io.err };
}

describe('phare models', { timeout: 300_000 }, () => {
  it('lists each model with its metadata and fit as JSON', async () => {
    const { code, out, err } = await run(['models', 'list', '--models', modelsDir, '--json']);
    expect(code, err).toBe(0);
    const models = JSON.parse(out) as ModelFile[];
    expect(models.map((m) => m.fileName)).toEqual(['tiny-chat.gguf', 'tiny-embed.gguf']);
    expect(models[0]).toMatchObject({ architecture: 'llama', role: 'chat', hasChatTemplate: true, quantisation: 'F32', error: null });
    expect(models[1]).toMatchObject({ architecture: 'bert', role: 'embedding', quantisation: 'F32', error: null });
    for (const model of models) {
      expect(model.parameterCount).toBeGreaterThan(0);
      expect(model.contextLength).toBeGreaterThan(0);
      expect(model.sizeBytes).toBeGreaterThan(0);
      expect(model.fit?.fits).toBe('yes');
      expect(model.fit?.requiredBytes).toBeGreaterThan(0);
    }
  });

  it('lists models as a readable table, a damaged one with its error', async () => {
    const dir = join(root, 'mixed');
    mkdirSync(dir);
    copyFileSync(tinyChatModel, join(dir, 'tiny-chat.gguf'));
    copyFileSync(truncated, join(dir, 'truncated.gguf'));
    const { code, out } = await run(['models', 'list', '--models', dir]);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^tiny-chat\.gguf +chat +llama .*F32 .*ctx \d+ +template +fit: yes$/);
    expect(lines[1]).toMatch(/^truncated\.gguf .*incomplete/);
  });

  it('says so when the folder holds no model', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    const { code, out } = await run(['models', 'list', '--models', empty]);
    expect(code).toBe(0);
    expect(out).toContain('No GGUF model in');
  });

  it('adds a checked model to the models folder', async () => {
    const target = join(root, 'added');
    const { code, out, err } = await run(['models', 'add', tinyChatModel, '--models', target]);
    expect(code, err).toBe(0);
    expect(out).toMatch(/Added tiny-chat\.gguf \(chat, [\d.]+ KB\) to /);
    expect(out).toMatch(/Fits this machine: yes/);
    expect(readdirSync(target)).toEqual(['tiny-chat.gguf']);
    expect(readFileSync(join(target, 'tiny-chat.gguf'))).toEqual(readFileSync(tinyChatModel));

    const json = await run(['models', 'add', tinyEmbedModel, '--models', target, '--json']);
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ fileName: 'tiny-embed.gguf', role: 'embedding', error: null });
  });

  it('refuses a missing, truncated or malformed file with one clear line and exit 1, copying nothing', async () => {
    const target = join(root, 'refused');
    const cases: Array<[string, RegExp]> = [
      [join(root, 'nowhere.gguf'), /^phare: Model file not found: nowhere\.gguf\n$/],
      [truncated, /^phare: Not a usable GGUF model \(truncated\.gguf\): the file is incomplete.*\n$/],
      [malformed, /^phare: Not a usable GGUF model \(malformed\.gguf\): the file is (damaged|incomplete).*\n$/],
    ];
    for (const [file, message] of cases) {
      const { code, out, err } = await run(['models', 'add', file, '--models', target]);
      expect(code).toBe(1);
      expect(out).toBe('');
      expect(err).toMatch(message);
    }
    const json = await run(['models', 'add', truncated, '--models', target, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toEqual({ error: { code: 'MODEL_INVALID', message: expect.stringContaining('incomplete') } });
    const french = await run(['models', 'add', truncated, '--models', target], { LANG: 'fr_FR.UTF-8' });
    expect(french.err).toMatch(/^phare: Modèle GGUF inutilisable \(truncated\.gguf\)/);
    expect(readdirSync(target).filter((name) => name.endsWith('.gguf'))).toEqual([]);
  });

  it('refuses to overwrite a different model of the same name', async () => {
    const target = join(root, 'clash');
    mkdirSync(target);
    copyFileSync(tinyEmbedModel, join(target, 'tiny-chat.gguf'));
    const { code, err } = await run(['models', 'add', tinyChatModel, '--models', target]);
    expect(code).toBe(1);
    expect(err).toBe('phare: A model named tiny-chat.gguf is already in the models folder\n');
    expect(readFileSync(join(target, 'tiny-chat.gguf'))).toEqual(readFileSync(tinyEmbedModel));
  });

  it('as a real process, a truncated file is one line on stderr and exit 1', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/phare.js'), 'models', 'add', truncated, '--models', join(root, 'spawned'), '--data', data], {
      cwd: root,
      env: { ...process.env, LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toEqual([expect.stringMatching(/^phare: Not a usable GGUF model \(truncated\.gguf\): the file is incomplete/)]);
  });
});
