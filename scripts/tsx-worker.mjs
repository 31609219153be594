/**
 * Runs a worker thread's TypeScript entry from the sources (tests, tsx, `npm run bench`): registers
 * tsx's loader in the thread, then imports the entry, whose URL is the thread's first argument.
 * Built code (out/main, out/cli) starts its workers' compiled entries instead.
 */
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2]);
