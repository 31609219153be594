/// <reference types="node" />
/**
 * The served page's Content-Security-Policy forbids eval, and nothing the app does should try it:
 * a blocked attempt (even one caught and ignored, like zod's `new Function` probe) still raises a
 * `securitypolicyviolation` event and a report. The page is watched from its first script on while
 * every screen is opened and a file is added through the upload path (and removed at the end: the
 * specs share one library).
 */
import { expect, test } from '@playwright/test';
import { call } from './support/coreApi';

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

test('no Content-Security-Policy violation while the app is used', async ({ page, request, baseURL }) => {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations?.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  const consoleViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) consoleViolations.push(message.text());
  });

  await page.goto('/');
  await expect(page.getByTestId('status-connection')).toContainText('Connected');
  // Every screen once: each one's store parses the core's answers with the contract's schemas.
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  for (const name of ['Chat', 'Models', 'Settings', 'Feedback', 'Quality', 'Monitoring', 'Admin', 'Library']) {
    await nav.getByRole('button', { name, exact: true }).click();
    await expect(nav.getByRole('button', { name, exact: true })).toHaveAttribute('aria-current', 'page');
  }
  await page.getByTestId('file-input').setInputFiles({
    name: 'csp-check.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from('# Feux de navigation\n\nLe feu vert marque tribord à l’entrée du port.\n'),
  });
  await expect(page.getByTestId('document-row').filter({ hasText: 'Feux de navigation' })).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  const docs = await call<Array<{ id: string; title: string }>>(request, baseURL!, 'library.list', {});
  const added = docs.filter((d) => d.title === 'Feux de navigation');
  expect(added).toHaveLength(1);
  await call(request, baseURL!, 'library.remove', { id: added[0].id });

  const violations = await page.evaluate(() => window.__cspViolations ?? []);
  expect(violations).toEqual([]);
  expect(consoleViolations).toEqual([]);
});
