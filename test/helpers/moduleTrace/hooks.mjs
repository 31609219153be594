// The loader hook of register.mjs (it runs on the loader's own thread).
import { appendFileSync } from 'node:fs';

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  appendFileSync(process.env.PHARE_MODULE_TRACE, `${url}\n`);
  return result;
}
