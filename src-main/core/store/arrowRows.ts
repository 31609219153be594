/**
 * Query results as plain objects, read column by column from Arrow buffers.
 *
 * LanceDB's `toArray()` gives one Arrow StructRow proxy per row, and every property read through the
 * proxy goes through apache-arrow's type visitor: listing 10,000 documents (22 columns) spent over a
 * second there. Strings, numbers and booleans are decoded here straight from each column's buffers;
 * any other type (vectors, lists) falls back to apache-arrow's own `get`, so values are the same as
 * a StructRow would give.
 */
import { isAscii } from 'node:buffer';
import type { Table as ArrowTable, Vector } from 'apache-arrow';

export type PlainRow = Record<string, unknown>;

/** Arrow type ids (apache-arrow's `Type` enum; stable across its versions, part of the format). */
const TYPE_INT = 2;
const TYPE_FLOAT = 3;
const TYPE_UTF8 = 5;
const TYPE_BOOL = 6;

/**
 * The parts of an apache-arrow `Data` read here (duck-typed: LanceDB may load its own apache-arrow copy).
 * As in apache-arrow, a slice's offsets and fixed-width values are already cut to the slice, while bit
 * buffers (validity, booleans) are read at `offset + index`.
 */
interface ColumnData {
  readonly type: { readonly typeId: number; readonly bitWidth?: number; readonly precision?: number };
  readonly length: number;
  readonly offset: number;
  readonly nullCount: number;
  readonly nullBitmap?: Uint8Array;
  readonly values: ArrayLike<number> & { readonly buffer: ArrayBufferLike; readonly byteOffset: number; readonly byteLength: number };
  readonly valueOffsets?: Int32Array;
}

/** Every row of `table` as a plain object keyed by column name. */
export function arrowRows(table: ArrowTable): PlainRow[] {
  const names = table.schema.fields.map((f) => f.name);
  // Every row starts as a copy of one template holding all the columns, so all rows share one shape
  // and the writes below fill existing slots instead of growing each object property by property.
  const template: PlainRow = Object.fromEntries(names.map((name) => [name, null]));
  const rows: PlainRow[] = new Array(table.numRows);
  for (let i = 0; i < rows.length; i++) rows[i] = { ...template };
  for (const name of names) {
    const column = table.getChild(name);
    if (!column) continue;
    const values = columnValues(column);
    for (let i = 0; i < rows.length; i++) rows[i][name] = values[i];
  }
  return rows;
}

/** The values of one column, nulls included, as a JS array. */
export function columnValues(column: Vector): unknown[] {
  const out: unknown[] = new Array(column.length);
  let at = 0;
  for (const chunk of column.data as unknown as ColumnData[]) {
    if (!decodeChunk(chunk, out, at)) {
      // A type not decoded here: apache-arrow reads it (same value a StructRow would give).
      for (let i = 0; i < chunk.length; i++) out[at + i] = column.get(at + i);
    }
    at += chunk.length;
  }
  return out;
}

function decodeChunk(data: ColumnData, out: unknown[], at: number): boolean {
  const { typeId } = data.type;
  const isNull = nullTest(data);
  if (typeId === TYPE_UTF8 && data.valueOffsets) {
    const offsets = data.valueOffsets;
    const bytes = Buffer.from(data.values.buffer, data.values.byteOffset, data.values.byteLength);
    if (isAscii(bytes)) {
      // One decode for the whole column; each value is then a cheap substring (bytes are characters).
      const all = bytes.toString('latin1');
      for (let i = 0; i < data.length; i++) out[at + i] = isNull(i) ? null : all.slice(offsets[i], offsets[i + 1]);
    } else {
      for (let i = 0; i < data.length; i++) out[at + i] = isNull(i) ? null : bytes.toString('utf8', offsets[i], offsets[i + 1]);
    }
    return true;
  }
  if (typeId === TYPE_BOOL) {
    const bits = data.values as unknown as Uint8Array;
    for (let i = 0; i < data.length; i++) {
      const bit = data.offset + i;
      out[at + i] = isNull(i) ? null : (bits[bit >> 3] & (1 << (bit & 7))) !== 0;
    }
    return true;
  }
  // 32-bit and narrower integers and 32/64-bit floats are plain numbers; Int64 would be BigInt (left to apache-arrow).
  const numeric = (typeId === TYPE_INT && (data.type.bitWidth ?? 64) <= 32) || (typeId === TYPE_FLOAT && (data.type.precision ?? 0) >= 1);
  if (numeric) {
    const values = data.values;
    for (let i = 0; i < data.length; i++) out[at + i] = isNull(i) ? null : values[i];
    return true;
  }
  return false;
}

function nullTest(data: ColumnData): (i: number) => boolean {
  const bitmap = data.nullBitmap;
  if (data.nullCount === 0 || !bitmap || bitmap.length === 0) return () => false;
  return (i) => {
    const bit = data.offset + i;
    return (bitmap[bit >> 3] & (1 << (bit & 7))) === 0;
  };
}
