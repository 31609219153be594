/**
 * `phare analytics export|query`, in-process with captured output, on a library the CLI filled
 * (a document, two questions): CSV and JSON exports printed or written, a readable result table,
 * --json, SQL from stdin, and a refused query reported in one line.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticsResultSchema } from '../../../src-shared/monitoring';
import { runCli } from '../../../src-main/cli/main';
import { corpusFile } from '../../helpers/paths';
import { parseCsv } from '../feedback/parseCsv';
import { captureIo } from './captureIo';

const superBowl = corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt');

let root: string;
let data: string;

async function phare(args: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string } = {}) {
  const io = captureIo(options.env, root, options.stdin);
  const code = await runCli([...args, '--data', data], io);
  return { code, out: io.out, err: io.err };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'phare-cli-analytics-'));
  data = join(root, 'library');
  expect((await phare(['ingest', superBowl])).code).toBe(0);
  expect((await phare(['ask', 'Who won Super Bowl 50?'])).code).toBe(0);
  expect((await phare(['ask', 'Where was Super Bowl 50 played?'])).code).toBe(0);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('phare analytics export', () => {
  it('prints a table as CSV, or writes it as JSON', async () => {
    const csv = await phare(['analytics', 'export', 'questions']);
    expect(csv.code).toBe(0);
    const [header, ...rows] = parseCsv(csv.out);
    expect(header.slice(0, 4)).toEqual(['id', 'conversation_id', 'asked_at', 'question']);
    expect(rows.map((r) => r[3])).toEqual(['Who won Super Bowl 50?', 'Where was Super Bowl 50 played?']);

    const written = await phare(['analytics', 'export', 'ingestion', '--format', 'json', '--out', 'ingestion.json']);
    expect(written).toMatchObject({ code: 0, out: `Wrote ${join(root, 'ingestion.json')} (1 records)\n` });
    const docs = JSON.parse(readFileSync(join(root, 'ingestion.json'), 'utf8'));
    expect(docs).toEqual([expect.objectContaining({ title: 'Super_Bowl_50', status: 'ready', format: 'text' })]);

    const today = await phare(['analytics', 'export', 'answers', '--since', '1d', '--format', 'json']);
    expect(JSON.parse(today.out)).toHaveLength(2);
    const none = await phare(['analytics', 'export', 'answers', '--since', '2999-01-01', '--format', 'json']);
    expect(JSON.parse(none.out)).toEqual([]);
  });

  it('refuses an unknown table as bad usage', async () => {
    const bad = await phare(['analytics', 'export', 'passwords']);
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
  });
});

describe('phare analytics query', () => {
  it('prints a readable table, with the row count', async () => {
    const { code, out } = await phare(['analytics', 'query', 'SELECT mode, count(*) AS answers FROM answers GROUP BY mode']);
    expect(code).toBe(0);
    expect(out).toBe(['mode        answers', '----------  -------', 'extractive        2', '(1 row(s))', ''].join('\n'));
  });

  it('prints JSON with --json, reads the SQL from stdin with -, and says when rows were left out', async () => {
    const json = await phare(['analytics', 'query', '-', '--json', '--limit', '1'], { stdin: 'SELECT q.question, a.sources FROM questions q JOIN answers a ON a.question_id = q.id ORDER BY q.asked_at' });
    expect(json.code).toBe(0);
    const result = AnalyticsResultSchema.parse(JSON.parse(json.out));
    expect(result).toEqual({ columns: ['question', 'sources'], rows: [['Who won Super Bowl 50?', 3]], truncated: true });

    const fr = await phare(['analytics', 'query', 'SELECT question FROM questions', '--limit', '1'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.out.trimEnd().split('\n').at(-1)).toBe('(les 1 premières lignes ; davantage avec --limit)');
  });

  it('reports a refused query in one line, exit 1', async () => {
    const refused = await phare(['analytics', 'query', "COPY questions TO 'out.csv'"]);
    expect(refused.code).toBe(1);
    expect(refused.out).toBe('');
    expect(refused.err).toMatch(/^phare: Query refused \(COPY\): only one SELECT over the analytics tables may run/);
    expect(refused.err.trim().split('\n')).toHaveLength(1);

    const json = await phare(['analytics', 'query', 'SELECT 1; SELECT 2', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out).error).toMatchObject({ code: 'ANALYTICS_QUERY_REFUSED' });
  });
});
