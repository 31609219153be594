/**
 * Assembles a PDF file from its numbered object bodies (object 1 must be the catalog): header,
 * objects, cross-reference table and trailer. Tests write the small PDFs the corpus lacks with it.
 */
export function pdfFile(objects: Buffer[], options: { xrefPointsToItself?: boolean } = {}): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let length = parts[0].length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const object = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(object);
    length += object.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  // /Prev at its own offset: a broken file whose cross-reference chain loops (a naive reader never ends).
  const prev = options.xrefPointsToItself ? ` /Prev ${length}` : '';
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${prev} >>\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** A stream object's body: its dictionary with the length, then the bytes. */
export function pdfStream(bytes: Buffer, dictionary = ''): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dictionary}${dictionary ? ' ' : ''}/Length ${bytes.length} >>\nstream\n`), bytes, Buffer.from('\nendstream')]);
}
