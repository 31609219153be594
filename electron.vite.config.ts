import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          // The desktop shell, the inference host it starts with utilityProcess.fork, and the worker
          // thread that reads a big PDF's pages beside the core (ingest/extract/pdfPageHelper.ts).
          index: resolve(__dirname, 'src-main/electron/main.ts'),
          inferenceHost: resolve(__dirname, 'src-main/core/llm/host/hostMain.ts'),
          pdfPageHelperThread: resolve(__dirname, 'src-main/core/ingest/extract/pdfPageHelperThread.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be one self-contained CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
    },
  },
});
