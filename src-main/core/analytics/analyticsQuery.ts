/**
 * `analytics.query`: one read-only SELECT over the analytics tables, run by DuckDB in a throwaway
 * in-memory database made for the query and closed after it.
 *
 * What keeps it read-only and local, from the outside in:
 * - DuckDB starts with external access off (no file, no URL: read_csv, COPY, ATTACH and httpfs all
 *   fail with a permission error), extensions neither installed nor loaded, nothing spilled to disk,
 *   one thread and 256 MB, and its configuration locked so the query cannot turn any of that back on;
 * - the text must hold exactly one statement (DuckDB's own parser splits it), that statement must
 *   serialise as a SELECT (json_serialize_sql refuses PRAGMA, CALL, SET, EXPLAIN and every write)
 *   and prepare as a SELECT: no regular expression decides;
 * - the database holds nothing but copies of the six tables, so even a write that got through would
 *   change nothing of the library's;
 * - a query still running after `timeoutMs` is interrupted.
 *
 * Only the tables the query names are filled (the metrics history can be a quarter of a million
 * rows); the others exist, empty, so DESCRIBE and SHOW TABLES work.
 */
import type { DuckDBAppender, DuckDBConnection, DuckDBInstance, DuckDBPreparedStatement, DuckDBType } from '@duckdb/node-api';
import { PhareError } from '../../../src-shared/errors';
import { AnalyticsTableSchema, type AnalyticsResult, type AnalyticsTable } from '../../../src-shared/monitoring';
import { ANALYTICS_COLUMNS, type AnalyticsTableData, type ColumnType } from './analyticsTables';

export interface AnalyticsQueryOptions {
  /** Rows returned at most; `truncated` says when there were more. */
  limit: number;
  timeoutMs: number;
}

type Cell = string | number | boolean | null;

const DUCKDB_CONFIG: Record<string, string> = {
  // Nothing spills to disk: a query past the memory limit fails instead. (Applied in this order, and
  // DuckDB refuses to set a temporary folder once external access is off: it comes first.)
  temp_directory: '',
  enable_external_access: 'false',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  allow_community_extensions: 'false',
  allow_unsigned_extensions: 'false',
  threads: '1',
  memory_limit: '256MB',
  // Last: from here on, SET cannot change any of the above.
  lock_configuration: 'true',
};

const SQL_TYPES: Record<ColumnType, string> = { text: 'VARCHAR', integer: 'BIGINT', number: 'DOUBLE', boolean: 'BOOLEAN', time: 'TIMESTAMP' };

type DuckDB = typeof import('@duckdb/node-api');
let duckdbModule: Promise<DuckDB> | null = null;
/** Loaded on the first query (~0.25 s): the app starts without it. */
function loadDuckDB(): Promise<DuckDB> {
  duckdbModule ??= import('@duckdb/node-api');
  return duckdbModule;
}

export async function runAnalyticsQuery(
  sql: string,
  options: AnalyticsQueryOptions,
  load: (table: AnalyticsTable) => Promise<AnalyticsTableData>,
): Promise<AnalyticsResult> {
  const duck = await loadDuckDB();
  let instance: DuckDBInstance | null = null;
  let connection: DuckDBConnection | null = null;
  try {
    instance = await duck.DuckDBInstance.create(':memory:', DUCKDB_CONFIG);
    connection = await instance.connect();
    for (const table of AnalyticsTableSchema.options) {
      const columns = ANALYTICS_COLUMNS[table].map((c) => `"${c.name}" ${SQL_TYPES[c.type]}`).join(', ');
      await connection.run(`CREATE TABLE ${table} (${columns})`);
    }

    const checked = await checkedSelect(duck, connection, sql);
    for (const table of checked.tables) await fill(duck, connection, await load(table));
    // Prepared again now the tables are filled: a plan made on the empty tables carries their statistics
    // (DuckDB then squeezed every text into the 0-character width it had seen, and returned one letter).
    const statement = await connection.prepare(sql).catch((error: unknown) => {
      throw refusedOrFailed(error);
    });
    return await execute(duck, connection, statement, options);
  } finally {
    connection?.closeSync();
    instance?.closeSync();
  }
}

/** Refuses anything but one SELECT; returns it prepared, with the analytics tables it names. */
async function checkedSelect(duck: DuckDB, connection: DuckDBConnection, sql: string) {
  let extracted;
  try {
    extracted = await connection.extractStatements(sql);
  } catch (error) {
    throw failed(error);
  }
  if (extracted.count === 0) throw new PhareError('ANALYTICS_QUERY_FAILED', { detail: 'no statement' });
  if (extracted.count > 1) throw new PhareError('ANALYTICS_QUERY_REFUSED', { what: keywordsOf(sql) });

  // DuckDB serialises SELECT statements only: PRAGMA, CALL, SET, EXPLAIN and every write come back as an error.
  const serialized = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql]);
  const tree = JSON.parse(String(serialized.getRows()[0][0])) as { error: boolean; statements?: unknown[] };
  if (tree.error || tree.statements?.length !== 1) throw new PhareError('ANALYTICS_QUERY_REFUSED', { what: keywordsOf(sql) });

  let statement;
  try {
    statement = await extracted.prepare(0);
  } catch (error) {
    throw refusedOrFailed(error);
  }
  if (statement.statementType !== duck.StatementType.SELECT) throw new PhareError('ANALYTICS_QUERY_REFUSED', { what: keywordsOf(sql) });
  return { tables: namedTables(tree) };
}

/** Tables named anywhere in the parsed statement (as a table, or a string such as query_table('questions')). */
function namedTables(tree: unknown): AnalyticsTable[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node === 'string') names.add(node.toLowerCase());
    else if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') Object.values(node).forEach(visit);
  };
  visit(tree);
  return AnalyticsTableSchema.options.filter((table) => names.has(table));
}

async function fill(duck: DuckDB, connection: DuckDBConnection, data: AnalyticsTableData): Promise<void> {
  if (data.rows.length === 0) return;
  const appender = await connection.createAppender(data.name);
  // One writer per column, chosen once: the metrics history is a quarter of a million rows of ten cells.
  const writers = data.columns.map((column) => cellWriter(duck, appender, column.type));
  try {
    for (const row of data.rows) {
      for (let i = 0; i < writers.length; i++) writers[i](row[i]);
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
}

function cellWriter(duck: DuckDB, appender: DuckDBAppender, type: ColumnType): (value: Cell) => void {
  const orNull = (write: (value: Cell) => void) => (value: Cell) => (value === null ? appender.appendNull() : write(value));
  switch (type) {
    case 'text':
      return orNull((value) => appender.appendVarchar(String(value)));
    case 'integer':
      return orNull((value) => (Number.isFinite(Number(value)) ? appender.appendBigInt(BigInt(Math.round(Number(value)))) : appender.appendNull()));
    case 'number':
      return orNull((value) => appender.appendDouble(Number(value)));
    case 'boolean':
      return orNull((value) => appender.appendBoolean(value === true));
    case 'time':
      return orNull((value) => {
        const ms = Date.parse(String(value));
        if (Number.isNaN(ms)) appender.appendNull();
        else appender.appendTimestamp(new duck.DuckDBTimestampValue(BigInt(ms) * 1000n));
      });
  }
}

async function execute(
  duck: DuckDB,
  connection: DuckDBConnection,
  statement: DuckDBPreparedStatement,
  options: AnalyticsQueryOptions,
): Promise<AnalyticsResult> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    connection.interrupt();
  }, options.timeoutMs);
  try {
    const result = await statement.stream();
    const columns = result.columnNames();
    const convert = result.columnTypes().map((type) => cellConverter(duck, type));
    const rows: Cell[][] = [];
    let truncated = false;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const row of chunk.convertRows(duck.JsonDuckDBValueConverter)) {
        if (rows.length === options.limit) {
          truncated = true;
          break;
        }
        rows.push(row.map((value, i) => convert[i](value)));
      }
      if (truncated) break;
    }
    return { columns, rows, truncated };
  } catch (error) {
    if (timedOut) throw new PhareError('ANALYTICS_QUERY_TIMEOUT', { seconds: Math.round(options.timeoutMs / 1000) });
    throw refusedOrFailed(error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * DuckDB's JSON conversion, made to fit the contract's cells: big integers and decimals as numbers
 * when exact enough, timestamps (UTC) as ISO 8601, lists, structs, maps and intervals as JSON text.
 */
function cellConverter(duck: DuckDB, type: DuckDBType): (value: unknown) => Cell {
  const id = type.typeId;
  const T = duck.DuckDBTypeId;
  if ([T.BIGINT, T.UBIGINT, T.HUGEINT, T.UHUGEINT, T.BIGNUM].includes(id)) {
    return (value) => {
      if (value === null) return null;
      const number = Number(value);
      return Number.isSafeInteger(number) ? number : String(value);
    };
  }
  if (id === T.DECIMAL) return (value) => (value === null ? null : Number.isFinite(Number(value)) ? Number(value) : String(value));
  if ([T.TIMESTAMP, T.TIMESTAMP_MS, T.TIMESTAMP_S, T.TIMESTAMP_NS].includes(id)) {
    return (value) => {
      if (value === null) return null;
      const date = new Date(`${String(value).replace(' ', 'T')}Z`);
      return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
    };
  }
  return (value) => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    return JSON.stringify(value);
  };
}

/** A permission error (a file, a URL, an extension) is a refusal; anything else a failure, with DuckDB's first line. */
function refusedOrFailed(error: unknown): PhareError {
  const message = firstLine(error);
  if (/Permission Error|disabled (by|through) configuration/i.test(message)) {
    const target = /"([^"]{1,200})"/.exec(message)?.[1];
    return new PhareError('ANALYTICS_QUERY_REFUSED', { what: target ?? 'external access' });
  }
  return new PhareError('ANALYTICS_QUERY_FAILED', { detail: message });
}

function failed(error: unknown): PhareError {
  return new PhareError('ANALYTICS_QUERY_FAILED', { detail: firstLine(error) });
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .replace(/^Failed to (extract statements|prepare statement|execute prepared statement): /, '')
    .split('\n')[0]
    .slice(0, 300);
}

/**
 * The first word of each statement (`INSERT`, `PRAGMA`, `SELECT; SELECT`), for the refusal message only:
 * DuckDB's parser made the decision.
 */
function keywordsOf(sql: string): string {
  const words = sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .split(';')
    .map((part) => part.trim().split(/\s+/)[0]?.toUpperCase() ?? '')
    .filter((word) => word !== '');
  return words.join('; ').slice(0, 80) || 'SQL';
}
