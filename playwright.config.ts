/// <reference types="node" />
/**
 * End-to-end tests: the real React app in Debian's Chromium against the real headless server
 * (`phare serve`), each run on a fresh data folder with the tiny GGUF models the project writes itself.
 * The browser is never downloaded (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1): the system's Chromium is used.
 */
import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// The config is evaluated again in each worker: the run folder is fixed once, in the environment
// the workers inherit, so every process agrees on it.
process.env.PHARE_E2E_RUN ??= `e2e-run-${new Date().toISOString().replace(/[:.]/g, '-')}`;
const runDir = join('test-results', process.env.PHARE_E2E_RUN);
const dataDir = join(runDir, 'data');
const noModelDataDir = join(runDir, 'data-no-model');
const modelsDir = join(runDir, 'models');
// Both servers require sign-in: the global setup opens each one's one-time link and saves the cookies here.
const storageState = join(runDir, 'signed-in.json');
process.env.PHARE_E2E_DATA_DIRS = JSON.stringify([dataDir, noModelDataDir]);
process.env.PHARE_E2E_STORAGE_STATE = storageState;
const port = Number(process.env.PHARE_E2E_PORT ?? 47613);
/** A second server with no chat model, for the extractive answers (its URL is read by extractive.spec.ts). */
const noModelPort = port + 1;
process.env.PHARE_E2E_NO_MODEL_URL = `http://127.0.0.1:${noModelPort}`;
// Debian's Chromium where it is (CI, this machine); elsewhere PHARE_CHROMIUM, or Playwright's own browser
// if the developer installed one.
const chromium = process.env.PHARE_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

const q = (s: string) => JSON.stringify(s);

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '*.spec.ts',
  // Per run: two runs at once (two developers' ports) do not delete each other's traces.
  outputDir: join(runDir, 'artifacts'),
  // Runs once the servers listen: signs in to both through their one-time links (support/signIn.ts).
  globalSetup: './test/e2e/support/signIn.ts',
  // One server, one library: tests run one after the other.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // The session cookies of both servers (their names carry the port), for pages and the request fixture.
    storageState,
    locale: 'en-US',
    viewport: { width: 1200, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    },
  },
  webServer: [
    {
      // Playwright starts web servers before any globalSetup, so the preparation is part of the command:
      // prune old run folders and build the UI if it is missing or stale, write the tiny models, then serve
      // with both of them, so ingestion embeds and questions go through hybrid search as in real use.
      command: [
        'npx tsx test/e2e/support/prepareRun.ts',
        `npm run --silent make-test-models -- ${q(modelsDir)}`,
        `npx tsx src-main/cli/main.ts serve --data ${q(dataDir)} --port ${port} --model ${q(join(modelsDir, 'tiny-chat.gguf'))}` +
          ` --embedding-model ${q(join(modelsDir, 'tiny-embed.gguf'))}`,
      ].join(' && '),
      url: `http://127.0.0.1:${port}/`,
      // A fresh library every run: never attach to a server someone left running.
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
    },
    {
      // Started after the first one is ready, so the UI is built by then.
      command: `npx tsx src-main/cli/main.ts serve --data ${q(noModelDataDir)} --port ${noModelPort}`,
      url: `http://127.0.0.1:${noModelPort}/`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
