import { describe, expect, it } from 'vitest';
import { checkFormat, formatFromExtension, sniff } from '../../../src-main/core/ingest/extract/detectFormat';
import { decodeText } from '../../../src-main/core/ingest/extract/decodeText';
import { extractMarkdown } from '../../../src-main/core/ingest/extract/markdown';
import { extractText } from '../../../src-main/core/ingest/extract/text';
import { detectLanguage } from '../../../src-main/core/text/detectLanguage';

const enc = (s: string) => new TextEncoder().encode(s);

describe('format detection', () => {
  it('maps extensions, case-insensitively, and refuses the others', () => {
    expect(formatFromExtension('a/B.PDF')).toBe('pdf');
    expect(formatFromExtension('notes.markdown')).toBe('markdown');
    expect(formatFromExtension('deck.pptx')).toBe('pptx');
    expect(() => formatFromExtension('old.doc')).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' }));
    expect(() => formatFromExtension('noextension')).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' }));
  });

  it('reads magic bytes', () => {
    expect(sniff(enc('%PDF-1.7\n')).kind).toBe('pdf');
    expect(sniff(enc('junk before %PDF-1.4')).kind).toBe('pdf');
    expect(sniff(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0])).kind).toBe('zip');
    expect(sniff(new Uint8Array([0x89, 0x50, 0x4e, 0x47])).name).toBe('PNG');
    expect(sniff(enc('plain words')).kind).toBe('text');
    expect(sniff(new Uint8Array([1, 0, 2])).kind).toBe('binary');
  });

  it('refuses content that contradicts the extension', () => {
    expect(() => checkFormat('x.pdf', 'pdf', new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toThrow(
      expect.objectContaining({ code: 'FORMAT_MISMATCH', params: expect.objectContaining({ expected: 'PDF', actual: 'ZIP' }) }),
    );
    expect(() => checkFormat('x.txt', 'text', enc('%PDF-1.4'))).toThrow(expect.objectContaining({ code: 'FORMAT_MISMATCH' }));
    expect(() => checkFormat('x.docx', 'docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toThrow(expect.objectContaining({ code: 'CORRUPT_FILE' }));
    expect(checkFormat('x.md', 'markdown', enc('# Hi'))).toBe('markdown');
  });
});

describe('text decoding', () => {
  it('reads UTF-8, UTF-8 with BOM, UTF-16 and Windows-1252, normalised to NFC with \\n line ends', () => {
    expect(decodeText(enc('\ufeffété\r\nhiver'))).toBe('été\nhiver');
    expect(decodeText(new Uint8Array([0xe9, 0x74, 0xe9]))).toBe('été');
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0xe9, 0x00, 0x74, 0x00]))).toBe('ét');
    expect(decodeText(enc('e\u0301te\u0301'))).toBe('été');
  });

  it('reads UTF-16 without a byte-order mark, and mixed UTF-8 with stray Windows-1252 bytes without U+FFFD', () => {
    const le = Buffer.from('Le phare éclaire la côte.', 'utf16le');
    expect(decodeText(new Uint8Array(le))).toBe('Le phare éclaire la côte.');
    const be = Buffer.from(le).swap16();
    expect(decodeText(new Uint8Array(be))).toBe('Le phare éclaire la côte.');
    expect(sniff(new Uint8Array(le)).kind).toBe('text');
    // "côte" in UTF-8, then "été" and a euro sign typed in Windows-1252.
    const mixed = new Uint8Array([...enc('côte '), 0xe9, 0x74, 0xe9, 0x20, 0x80]);
    expect(decodeText(mixed)).toBe('côte été €');
    expect(decodeText(new Uint8Array([0xc3, 0x28, 0xff]))).not.toContain('\ufffd');
  });
});

describe('text and Markdown structure', () => {
  it('takes a short first line as the title of a text file', () => {
    const doc = extractText(enc('Mon titre\n\nPremier paragraphe.\nSuite.\n\nSecond.'));
    expect(doc.title).toBe('Mon titre');
    expect(doc.blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'paragraph']);
    expect(doc.blocks[1].headingPath).toEqual(['Mon titre']);
    expect(extractText(enc('Une seule phrase, sans titre.')).title).toBeNull();
  });

  it('reads ATX and Setext headings and ignores # in fenced code', () => {
    const doc = extractMarkdown(enc('Grand titre\n===========\n\nTexte.\n\n```sh\n# pas un titre\n```\n\n## Section ##\n\nFin.'));
    expect(doc.title).toBe('Grand titre');
    const headings = doc.blocks.filter((b) => b.kind === 'heading').map((b) => b.headingPath);
    expect(headings).toEqual([['Grand titre'], ['Grand titre', 'Section']]);
    const text = doc.pages[0].text;
    expect(doc.blocks.map((b) => text.slice(b.start, b.end))).toContain('```sh\n# pas un titre\n```');
  });
});

describe('language detection', () => {
  it('tells French from English and says when it cannot', () => {
    expect(detectLanguage('Quel est le nom du phare construit en pleine mer ?')).toBe('fr');
    expect(detectLanguage('What is the name of the lighthouse built in the sea?')).toBe('en');
    expect(detectLanguage('Ar-Men 1881')).toBe('und');
  });
});
