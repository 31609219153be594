/**
 * LanceDB filters are SQL strings. Every value that comes from a user, a file name or a document id
 * goes through these helpers so a quote in a collection name cannot change the meaning of a filter.
 */

/** A SQL string literal: single quotes doubled, NUL bytes dropped (they end the string in the parser). */
export function sqlString(value: string): string {
  return `'${value.replace(/\0/g, '').replace(/'/g, "''")}'`;
}

/** A column name, quoted with backticks (LanceDB's identifier quote) so camelCase names keep their case. */
export function sqlColumn(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`Invalid column name: ${name}`);
  return `\`${name}\``;
}

/** `column = 'value'`. */
export function sqlEquals(column: string, value: string): string {
  return `${sqlColumn(column)} = ${sqlString(value)}`;
}

/** `column IN ('a', 'b')`; an empty list gives a predicate that matches nothing. */
export function sqlIn(column: string, values: readonly string[]): string {
  if (values.length === 0) return 'false';
  return `${sqlColumn(column)} IN (${values.map(sqlString).join(', ')})`;
}

/** `column NOT IN (...)`; an empty list gives a predicate that matches everything. */
export function sqlNotIn(column: string, values: readonly string[]): string {
  if (values.length === 0) return 'true';
  return `${sqlColumn(column)} NOT IN (${values.map(sqlString).join(', ')})`;
}

/** Joins predicates with AND, skipping empty ones; undefined when nothing is left. */
export function sqlAnd(...predicates: (string | undefined | null | false)[]): string | undefined {
  const parts = predicates.filter((p): p is string => typeof p === 'string' && p.length > 0 && p !== 'true');
  if (parts.length === 0) return undefined;
  return parts.map((p) => `(${p})`).join(' AND ');
}
