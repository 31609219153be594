import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'src-*/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'out/**'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores here: native libraries (LanceDB, llama.cpp, tesseract) each want their own.
    maxWorkers: 2,
    globalSetup: ['test/globalSetup.ts'],
    // Removes the temporary folders the test helpers made, once each file's tests are over.
    setupFiles: ['test/setupTempDirs.ts'],
  },
});
