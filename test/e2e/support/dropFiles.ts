/// <reference types="node" />
/**
 * Drops files on the page the way a user's drag from the file manager does: a DataTransfer holding
 * real File objects (built in the page from the files' bytes), dispatched as dragenter then drop.
 */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

export async function dragFilesOver(page: Page, paths: string[]) {
  const files = paths.map((p) => ({ name: basename(p), base64: readFileSync(p).toString('base64') }));
  const dataTransfer = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const f of files) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: f.name.endsWith('.pdf') ? 'application/pdf' : '' }));
    }
    return dt;
  }, files);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  return {
    drop: () => page.dispatchEvent('body', 'drop', { dataTransfer }),
  };
}
