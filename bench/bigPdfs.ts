/**
 * Big text PDFs (200+ pages) for the ingestion benchmark, made at bench time in a temp folder (never
 * committed): Debian's own manuals, fetched as Debian packages with `apt-get download` and unpacked
 * with `dpkg-deb -x`, and a 300-page file assembled from three of them with qpdf. Each also comes
 * with one image-only page (the corpus's scanned page) put in its middle, the case where one page
 * needs OCR while all the others have a text layer.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { corpusPath } from './benchLib';

const PACKAGES = ['debian-reference-fr', 'debian-reference-en', 'developers-reference', 'debian-faq'];

export interface BigPdf {
  name: string;
  file: string;
  pages: number;
  /** The same file with the scanned page in its middle, and where it is. */
  withScan: string;
  scanPage: number;
}

function pageCount(file: string): number {
  return Number(execFileSync('qpdf', ['--show-npages', file], { encoding: 'utf8' }).trim());
}

/** The big PDFs in `dir`, or a reason why they cannot be made here (no apt-get, no qpdf, offline). */
export function makeBigPdfs(dir: string): BigPdf[] | string {
  try {
    execFileSync('qpdf', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'qpdf is not installed (apt-get install qpdf)';
  }
  try {
    execFileSync('apt-get', ['download', ...PACKAGES], { cwd: dir, stdio: 'ignore' });
  } catch (error) {
    return `apt-get download ${PACKAGES.join(' ')} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
  const root = join(dir, 'unpacked');
  for (const deb of readdirSync(dir).filter((f) => f.endsWith('.deb'))) execFileSync('dpkg-deb', ['-x', join(dir, deb), root]);
  const faqGz = join(root, 'usr/share/doc/debian/FAQ/debian-faq.en.pdf.gz');
  const faq = join(dir, 'debian-faq.en.pdf');
  if (existsSync(faqGz)) writeFileSync(faq, gunzipSync(readFileSync(faqGz)));
  const refFr = join(root, 'usr/share/debian-reference/debian-reference.fr.pdf');
  const refEn = join(root, 'usr/share/debian-reference/debian-reference.en.pdf');
  const devRef = join(root, 'usr/share/developers-reference/developers-reference.pdf');
  for (const f of [refFr, refEn, devRef, faq]) if (!existsSync(f)) return `${f} is not in the packages any more`;
  // 300 pages: the Developer's Reference, the FAQ, then the English reference's first pages.
  const three = join(dir, 'debian-manuals-300.pdf');
  const rest = 300 - pageCount(devRef) - pageCount(faq);
  execFileSync('qpdf', ['--empty', '--pages', devRef, faq, refEn, `1-${rest}`, '--', three]);
  const scan = corpusPath('pdf', 'ocrmypdf_scanned_linn.pdf');
  return [
    ['debian-reference.fr.pdf', refFr],
    ['debian-reference.en.pdf', refEn],
    ['debian-manuals-300.pdf (3 manuals)', three],
  ].map(([name, file]) => {
    const pages = pageCount(file);
    const middle = Math.floor(pages / 2);
    const withScan = join(dir, `${name.split(' ')[0].replace(/\.pdf$/, '')}-with-scan.pdf`);
    // qpdf exits 3 for warnings (damaged-looking but readable input): the output is written.
    try {
      execFileSync('qpdf', ['--warning-exit-0', file, '--pages', file, `1-${middle}`, scan, '1', file, `${middle + 1}-z`, '--', withScan], { stdio: 'ignore' });
    } catch (error) {
      if (!existsSync(withScan)) throw error;
    }
    return { name, file, pages, withScan, scanPage: middle + 1 };
  });
}
