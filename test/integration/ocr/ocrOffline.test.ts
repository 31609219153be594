/**
 * tesseract.js never reaches the network: its language models come from the installed
 * @tesseract.js-data packages. The reading runs in a child process where every connection attempt,
 * in the main thread or a worker thread, is recorded and refused (offlinePreload.cjs).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFile, repoRoot } from '../../helpers/paths';
import { packagedModelFile, usableLanguages } from '../../../src-main/core/ocr/languageData';

describe('offline OCR', () => {
  it('uses the installed French and English models', () => {
    expect(usableLanguages(['fra', 'eng', 'xyz'])).toEqual(['fra', 'eng']);
    expect(() => usableLanguages(['xyz'])).toThrow(/xyz/);
  });

  it('reads French and English with the tessdata_fast models shipped in resources', () => {
    for (const code of ['fra', 'eng']) expect(packagedModelFile(code)).toBe(join(repoRoot, 'resources', 'tessdata', `${code}.traineddata.gz`));
  });

  it('reads a picture without attempting any network request', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'phare-net-')), 'net.log');
    const script = join(repoRoot, 'test/integration/ocr/offlineRead.ts');
    const preload = join(repoRoot, 'test/integration/ocr/offlinePreload.cjs');
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--require', preload, '--import', 'tsx', script, corpusFile('ocr', 'en', 'tessocr_phototest.tif')],
        { cwd: repoRoot, env: { ...process.env, PHARE_NET_LOG: log }, timeout: 170_000 },
        (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
      );
    });
    expect(JSON.parse(stdout).text).toMatch(/quick brown dog/);
    expect(existsSync(log) ? readFileSync(log, 'utf8') : '').toBe('');
  }, 180_000);
});
