/**
 * `phare logs`, in-process with captured output, on a library other commands wrote to: the level,
 * source and JSON options, and --follow printing what another command writes until Ctrl+C.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogEntrySchema } from '../../../src-shared/monitoring';
import { runCli } from '../../../src-main/cli/main';
import { corpusFile } from '../../helpers/paths';
import { captureIo } from './captureIo';

const superBowl = corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt');
/** `2026-12-07 10:00:00  WARN   ingest  document failed  …` */
const LINE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} {2}(TRACE|DEBUG|INFO |WARN |ERROR|FATAL) {2}\S+ {2}.+$/;

let root: string;
let data: string;

async function phare(args: string[], env?: NodeJS.ProcessEnv) {
  const io = captureIo(env, root);
  const code = await runCli([...args, '--data', data], io);
  return { code, out: io.out, err: io.err };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'phare-cli-logs-'));
  data = join(root, 'library');
  mkdirSync(data, { recursive: true });
  // A damaged settings file (a warning while the core starts), a good file and an empty one (a warning while ingesting).
  writeFileSync(join(data, 'settings.json'), '{');
  writeFileSync(join(root, 'empty.txt'), '');
  await phare(['ingest', superBowl, join(root, 'empty.txt')]);
  expect((await phare(['ask', 'Who won Super Bowl 50?'])).code).toBe(0);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('phare logs', () => {
  it('prints entries oldest first, one readable line each', async () => {
    const { code, out } = await phare(['logs']);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(LINE);
    const at = (text: string) => lines.findIndex((l) => l.includes(text));
    expect(at('ingest  document ready')).toBeGreaterThanOrEqual(0);
    expect(at('chat  answer ready')).toBeGreaterThan(at('ingest  document ready'));
    expect(lines[at('document failed')]).toContain('errorCode=FILE_EMPTY');
  });

  it('--level warn prints only warnings and errors', async () => {
    const { code, out } = await phare(['logs', '--level', 'warn']);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/^\S+ \S+ {2}(WARN |ERROR|FATAL) {2}/);
    expect(out).toContain('settings  ');
    expect(out).toContain('document failed');
    expect(out).not.toContain('document ready');
  });

  it('--json prints one entry per line; --source and --since filter; nothing found says so on stderr', async () => {
    const { code, out } = await phare(['logs', '--json', '--source', 'ingest']);
    expect(code).toBe(0);
    const entries = out.trimEnd().split('\n').map((l) => LogEntrySchema.parse(JSON.parse(l)));
    expect(entries.length).toBeGreaterThanOrEqual(3);
    expect(entries.every((e) => e.source === 'ingest')).toBe(true);

    const none = await phare(['logs', '--since', '2999-01-01'], { LANG: 'fr_FR.UTF-8' });
    expect(none).toMatchObject({ code: 0, out: '' });
    expect(none.err).toContain('Aucune entrée du journal ne correspond.');

    const recent = await phare(['logs', '--since', '1h', '--json']);
    expect(recent.out.trimEnd().split('\n').length).toBeGreaterThan(3);
    const bad = await phare(['logs', '--level', 'loud']);
    expect(bad.code).toBe(2);
    const badDate = await phare(['logs', '--since', 'soon']);
    expect(badDate.code).toBe(1);
    expect(badDate.err).toMatch(/^phare: Invalid input: since: /);
  });

  it('--follow prints what another command writes, until Ctrl+C', async () => {
    const io = captureIo(undefined, root);
    const following = runCli(['logs', '--follow', '--level', 'warn', '--data', data], io);
    await io.waitForOutput('document failed');
    const before = io.out;
    writeFileSync(join(root, 'empty-again.txt'), '');
    await phare(['ingest', join(root, 'empty-again.txt')]);
    await io.waitForOutput('file=empty-again.txt');
    io.interrupt();
    expect(await following).toBe(0);
    const added = io.out.slice(before.length).trimEnd().split('\n');
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/WARN {3}ingest {2}document failed .*file=empty-again\.txt/);
    expect(io.err).toContain('Following the log (Ctrl+C to stop)');
  });
});
