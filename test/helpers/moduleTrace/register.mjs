// `node --import <this file> …`: records every module the process loads through the ESM loader (its
// URL, one a line) in the file named by PHARE_MODULE_TRACE. The packages the CLI imports are all
// imported from ESM, so each shows here by its entry file; what a CommonJS package requires inside
// itself does not.
import { register } from 'node:module';

if (process.env.PHARE_MODULE_TRACE) register(new URL('./hooks.mjs', import.meta.url));
