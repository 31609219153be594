/**
 * Builds llama.cpp's llama-bench from the sources node-llama-cpp ships, into a cache folder outside the
 * repository (see bench/llamaCppBuild.ts); does nothing when it is already built. `npm run build-llama-bench`.
 */
import { ensureLlamaBench } from '../bench/llamaCppBuild';

ensureLlamaBench()
  .then((built) => console.log(`${built.path} (llama.cpp ${built.release}, ${built.commit.slice(0, 8)})`))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
