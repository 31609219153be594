#!/usr/bin/env node
// The `phare` command. It runs the CLI from its TypeScript source through tsx (a dependency), so
// `npx phare …` works right after `npm install`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { runCliProcess } = await import(new URL('../src-main/cli/main.ts', import.meta.url).href);
await runCliProcess(process.argv.slice(2));
