/**
 * Turns zod's JIT off before any schema exists. zod 4 decides whether it may compile parsers with
 * `new Function` when an object schema is *created*, probing eval once: under our CSP (no
 * 'unsafe-eval') the probe throws, is caught, and still raises a securitypolicyviolation report.
 * ES modules run in import order, so this file must be main.tsx's first import: a call in main.tsx's
 * body runs after every imported module (and the schemas they create) has been evaluated.
 */
import { config } from 'zod';

config({ jitless: true });
