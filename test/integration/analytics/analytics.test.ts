/**
 * Analytics through the contract on a real library (corpus texts, a broken PDF, questions with a
 * follow-up and a regenerated answer, feedback given and withdrawn, an analysis run, a minute of metrics
 * history): each table exports as CSV and JSON that parse back with the right rows; `since` narrows;
 * `analytics.query` answers SELECTs with joins and aggregates over DuckDB, and refuses everything else
 * (writes, DDL, COPY, ATTACH, PRAGMA, file and network reads, extensions, several statements) with one code.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsTable } from '../../../src-shared/monitoring';
import { AnalyticsResultSchema } from '../../../src-shared/monitoring';
import { createAnalyticsService } from '../../../src-main/core/analytics/analyticsService';
import { corpusFile } from '../../helpers/paths';
import { ingest, openTestCore, type TestCore } from '../../helpers/testCore';
import { parseCsv } from '../feedback/parseCsv';
import { runToEnd } from '../quality/runToEnd';

const superBowl = corpusFile('qa/xquad_en/docs/xquad_en_d000_Super_Bowl_50.txt');
const warsaw = corpusFile('qa/xquad_en/docs/xquad_en_d001_Warsaw.txt');

let t: TestCore;
let root: string;
let beforeSecondConversation: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'phare-analytics-'));
  // Looks like a PDF by its first bytes, fails when read: a document row with status failed.
  const broken = join(root, 'broken.pdf');
  writeFileSync(broken, '%PDF-1.7\nthis is not a PDF body at all\n');
  t = await openTestCore();
  const results = await ingest(t.client, [superBowl, warsaw, broken]);
  expect(results.map((r) => r.status)).toEqual(['ready', 'ready', 'failed']);

  const first = await t.client.call('chat.ask', { question: 'Who won Super Bowl 50?', requestId: 'q1' });
  await t.client.call('chat.ask', { question: 'Where was it played?', requestId: 'q2', conversationId: first.conversationId });
  await new Promise((resolve) => setTimeout(resolve, 20));
  beforeSecondConversation = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const third = await t.client.call('chat.ask', { question: 'What is the capital of Poland?', requestId: 'q3' });
  await t.client.call('chat.regenerate', { messageId: third.messageId!, requestId: 'q3-again' });

  await t.client.call('feedback.submit', { messageId: first.messageId!, thumbs: 'down', rating: 2, comment: '=HYPERLINK("http://example.invalid")' });
  const second = (await t.client.call('conversations.get', { id: first.conversationId! })).messages.filter((m) => m.role === 'assistant')[1];
  await t.client.call('feedback.submit', { messageId: second.id, thumbs: 'up' });
  await t.client.call('feedback.withdraw', { messageId: second.id });

  const { run } = await runToEnd(t.client);
  expect(run.status).toBe('completed');
  // A minute later, the minute of the questions is over and goes into the history.
  await t.core.tickMonitoring(Date.now() + 60_000);
});

afterAll(async () => {
  await t?.dispose();
  rmSync(root, { recursive: true, force: true });
});

const EXPECTED_ROWS: Record<Exclude<AnalyticsTable, 'metrics'>, number> = { questions: 3, answers: 4, feedback: 2, analysis_runs: 1, ingestion: 3 };

async function csvRows(table: AnalyticsTable, since?: string) {
  const exported = await t.client.call('analytics.export', { table, format: 'csv', since });
  expect(exported.mime).toBe('text/csv');
  expect(exported.fileName).toMatch(new RegExp(`^phare-${table.replace('_', '-')}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const [header, ...rows] = parseCsv(exported.content);
  expect(rows).toHaveLength(exported.count);
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]])));
}

async function jsonRows(table: AnalyticsTable, since?: string): Promise<Array<Record<string, unknown>>> {
  const exported = await t.client.call('analytics.export', { table, format: 'json', since });
  expect(exported.mime).toBe('application/json');
  const rows = JSON.parse(exported.content) as Array<Record<string, unknown>>;
  expect(rows).toHaveLength(exported.count);
  return rows;
}

async function query(sql: string, limit?: number) {
  return AnalyticsResultSchema.parse(await t.client.call('analytics.query', { sql, limit }));
}

describe('analytics.export', () => {
  it('exports every table as CSV and JSON that parse back with the same rows', async () => {
    for (const [table, count] of Object.entries(EXPECTED_ROWS) as Array<[AnalyticsTable, number]>) {
      const csv = await csvRows(table);
      const json = await jsonRows(table);
      expect([table, csv.length]).toEqual([table, count]);
      expect([table, json.length]).toEqual([table, count]);
      expect(Object.keys(json[0])).toEqual(Object.keys(csv[0]));
    }
    const metrics = await jsonRows('metrics');
    expect(metrics.length).toBeGreaterThan(0);
    expect(await csvRows('metrics')).toHaveLength(metrics.length);
    // Counted on the per-minute points: when the test's minute closes an hour, that hour's roll-up
    // holds the same four answers again (a fresh-clone CI run at 08:59 summed both and found 8).
    const answered = metrics.filter((m) => m.name === 'answers' && m.resolution === '1m').reduce((sum, m) => sum + Number(m.count), 0);
    expect(answered).toBe(4);
  });

  it('says what happened: outcomes, timings, modes, the regenerated answer, feedback, runs, ingestion results', async () => {
    const questions = await jsonRows('questions');
    expect(questions.map((q) => q.question)).toEqual(['Who won Super Bowl 50?', 'Where was it played?', 'What is the capital of Poland?']);
    expect(questions.map((q) => q.answers)).toEqual([1, 1, 2]);
    expect(questions[0]).toMatchObject({ outcome: 'complete', conversation_removed: false, collection: null, question_chars: 22 });

    const answers = await jsonRows('answers');
    expect(answers.filter((a) => a.replaced)).toHaveLength(1);
    for (const a of answers) {
      expect(a).toMatchObject({ outcome: 'complete', mode: 'extractive', remote: false, error_code: null, sources: expect.any(Number) });
      expect(a.total_ms).toEqual(expect.any(Number));
      expect(a.retrieval_ms).toEqual(expect.any(Number));
      expect(questions.map((q) => q.id)).toContain(a.question_id);
    }

    const feedback = await csvRows('feedback');
    const down = feedback.find((f) => f.thumbs === 'down')!;
    expect(down).toMatchObject({ rating: '2', withdrawn: 'false', needs_attention: 'true' });
    // Typed by a person and opened in a spreadsheet: kept as text, not run as a formula.
    expect(down.comment).toBe(`'=HYPERLINK("http://example.invalid")`);
    expect(feedback.find((f) => f.thumbs === 'up')).toMatchObject({ withdrawn: 'true' });

    const [run] = await jsonRows('analysis_runs');
    expect(run).toMatchObject({ status: 'completed', trigger: 'manual', feedbacks: 1, error_code: null, duration_ms: expect.any(Number) });

    const ingestion = await jsonRows('ingestion');
    expect(ingestion.map((d) => [d.format, d.status, d.error_code])).toEqual(
      expect.arrayContaining([
        ['text', 'ready', null],
        ['text', 'ready', null],
        ['pdf', 'failed', 'CORRUPT_FILE'],
      ]),
    );
    expect(ingestion.find((d) => d.status === 'ready')).toMatchObject({ chunks: expect.any(Number), pages: 1, ocr_pages: 0, embedded: false });
  });

  it('keeps rows at or after `since`, and refuses a date it cannot read', async () => {
    expect(await jsonRows('questions', beforeSecondConversation)).toHaveLength(1);
    expect(await jsonRows('answers', beforeSecondConversation)).toHaveLength(2);
    expect(await jsonRows('questions', '2999-01-01')).toEqual([]);
    expect((await t.client.call('analytics.export', { table: 'answers', format: 'csv', since: '2999-01-01' })).content.split('\r\n')).toHaveLength(2);
    await expect(t.client.call('analytics.export', { table: 'answers', format: 'csv', since: 'last week' })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('analytics.query', () => {
  it('answers a SELECT with a join, numbers as numbers and times as ISO', async () => {
    const result = await query(`
      SELECT q.question, count(a.id) AS answers, max(a.total_ms) >= 0 AS timed, min(q.asked_at) AS asked
      FROM questions q JOIN answers a ON a.question_id = q.id
      GROUP BY q.question ORDER BY asked`);
    expect(result.columns).toEqual(['question', 'answers', 'timed', 'asked']);
    expect(result.rows.map((r) => r.slice(0, 3))).toEqual([
      ['Who won Super Bowl 50?', 1, true],
      ['Where was it played?', 1, true],
      ['What is the capital of Poland?', 2, true],
    ]);
    expect(result.rows[0][3]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(result.truncated).toBe(false);

    const joined = await query(`
      SELECT f.thumbs, a.mode, d.n FROM feedback f
      JOIN answers a ON a.id = f.message_id
      CROSS JOIN (SELECT count(*) AS n FROM ingestion WHERE status = 'ready') d
      WHERE NOT f.withdrawn`);
    expect(joined.rows).toEqual([['down', 'extractive', 2]]);

    const metrics = await query("SELECT sum(count)::INTEGER FROM metrics WHERE name = 'answers' AND resolution = '1m'");
    expect(metrics.rows).toEqual([[4]]);
    // The tables it does not name are there, empty of nothing: DESCRIBE works on any of them.
    const described = await query('DESCRIBE analysis_runs');
    expect(described.rows.map((r) => r[0])).toContain('judge_model');
  });

  it('stops at the limit and says so', async () => {
    const result = await query('SELECT id FROM answers ORDER BY created_at', 2);
    expect(result.rows).toHaveLength(2);
    expect(result.truncated).toBe(true);
    expect((await query('SELECT id FROM answers', 4)).truncated).toBe(false);
  });

  it('refuses anything but one SELECT, and any file, network or extension, with one code', async () => {
    const refused = [
      "INSERT INTO questions (id) VALUES ('x')",
      'CREATE TABLE mine AS SELECT * FROM questions',
      "COPY questions TO 'questions.csv'",
      "ATTACH 'other.db'",
      'PRAGMA version',
      'PRAGMA database_list',
      "SELECT * FROM read_csv('/etc/passwd')",
      "SELECT * FROM read_text('/etc/hostname')",
      "SELECT * FROM '/etc/passwd.csv'",
      "SELECT * FROM 'https://example.invalid/data.parquet'",
      'SELECT 1; SELECT 2',
      'SELECT 1; DROP TABLE questions',
      'INSTALL httpfs',
      'LOAD httpfs',
      'SET enable_external_access = true',
      "CALL pragma_version()",
      'EXPLAIN SELECT * FROM questions',
      "DELETE FROM answers",
      "UPDATE answers SET mode = 'x'",
      "EXPORT DATABASE 'out'",
    ];
    for (const sql of refused) {
      const error = await t.client.call('analytics.query', { sql }).then(
        () => null,
        (e: unknown) => e as { code: string; message: string },
      );
      expect([sql, error?.code]).toEqual([sql, 'ANALYTICS_QUERY_REFUSED']);
    }
    // What was refused is named, the rule is said.
    await expect(t.client.call('analytics.query', { sql: 'PRAGMA version' })).rejects.toThrow(/Query refused \(PRAGMA\): only one SELECT/);
    await expect(t.client.call('analytics.query', { sql: "SELECT * FROM read_csv('/etc/passwd')" })).rejects.toThrow(/\/etc\/passwd/);
    // A quoted name without a file extension is a table name to DuckDB: not found, nothing read.
    await expect(t.client.call('analytics.query', { sql: "SELECT * FROM '/etc/passwd'" })).rejects.toMatchObject({ code: 'ANALYTICS_QUERY_FAILED' });
    // Nothing was changed by any of them.
    expect((await query('SELECT count(*) FROM questions')).rows).toEqual([[3]]);
  });

  it('reports a query that cannot run, in the user’s language', async () => {
    await expect(t.client.call('analytics.query', { sql: 'SELECT nope FROM answers' })).rejects.toMatchObject({ code: 'ANALYTICS_QUERY_FAILED' });
    await expect(t.client.call('analytics.query', { sql: 'SELEC 1' })).rejects.toMatchObject({ code: 'ANALYTICS_QUERY_FAILED' });
    await expect(t.client.call('analytics.query', { sql: '-- nothing' })).rejects.toMatchObject({ code: 'ANALYTICS_QUERY_FAILED' });
    await t.client.call('settings.update', { language: 'fr' });
    try {
      await expect(t.client.call('analytics.query', { sql: 'SELECT nope FROM answers' })).rejects.toThrow(/^La requête d’analyse a échoué : /);
    } finally {
      await t.client.call('settings.update', { language: 'en' });
    }
  });

  it('stops a query that runs too long', async () => {
    const service = createAnalyticsService(
      {
        messages: async () => [],
        conversations: async () => [],
        feedback: async () => [],
        runs: async () => [],
        documents: async () => [],
        metricSamples: async () => [],
      },
      { queryTimeoutMs: 200 },
    );
    const started = Date.now();
    await expect(service.query('SELECT count(*) FROM range(100000000000) a')).rejects.toMatchObject({ code: 'ANALYTICS_QUERY_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(5_000);
    // The next query runs as usual.
    expect((await service.query('SELECT 42 AS answer')).rows).toEqual([[42]]);
    await service.dispose();
  });
});
