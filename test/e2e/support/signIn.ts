/// <reference types="node" />
/**
 * Global setup of the end-to-end tests: signs the browser in to both servers the way a user does. For
 * each data folder it asks the running `phare serve` for a one-time link (what `phare link` prints),
 * opens the link in Chromium, and saves the browser's cookies to the storage state every test starts
 * from (playwright.config.ts `use.storageState`). The servers run as users run them: nothing is relaxed
 * for the tests, and the pages, their calls and their WebSockets are authenticated by the HttpOnly cookie.
 */
import { chromium, type FullConfig } from '@playwright/test';
import { requestLoginLink } from '../../../src-main/server/loginLinkClient';

export default async function signIn(config: FullConfig): Promise<void> {
  const dataDirs = JSON.parse(process.env.PHARE_E2E_DATA_DIRS ?? '[]') as string[];
  const storageState = process.env.PHARE_E2E_STORAGE_STATE;
  if (dataDirs.length === 0 || !storageState) throw new Error('playwright.config.ts names the data folders and the storage state file');
  const browser = await chromium.launch(config.projects[0]?.use.launchOptions);
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const dir of dataDirs) {
      const link = new URL(await requestLoginLink(dir));
      await page.goto(link.toString());
      // The server spends the code and sends the browser on to the same address without it.
      const landed = new URL(page.url());
      if (landed.searchParams.has('token') || landed.pathname === '/login') throw new Error(`the one-time link of ${dir} did not sign in (at ${page.url()})`);
    }
    await context.storageState({ path: storageState });
  } finally {
    await browser.close();
  }
}
