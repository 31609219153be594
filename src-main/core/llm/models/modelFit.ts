/**
 * Turns node-llama-cpp's resource estimate for a model file into the answer users need before
 * loading it: does it fit, and where (RAM on the CPU, VRAM when layers are offloaded to a GPU).
 */
import type { ModelFit } from '../../../../src-shared/domain';
import type { HostResult } from '../host/hostProtocol';

/**
 * Past this share of free memory a model still loads but leaves too little for the app, the OS and
 * the documents being ingested: "tight", worth a warning rather than a refusal.
 */
const COMFORTABLE_SHARE = 0.8;

export type ResourceEstimate = HostResult<'estimate'>;

/**
 * @param estimate what the host's resolver computed for the file with the current settings
 * @param freedOnReplace memory the same role's loaded model would give back if this one replaced it
 */
export function classifyFit(estimate: ResourceEstimate, backend: string | null, freedOnReplace = 0): ModelFit {
  const onGpu = backend !== null && backend !== 'cpu' && estimate.gpuLayers > 0;
  const where = onGpu ? 'vram' : 'ram';
  const requiredBytes = onGpu ? estimate.requiredVramBytes : estimate.requiredRamBytes;
  const availableBytes = (onGpu ? estimate.freeVramBytes : estimate.freeRamBytes) + freedOnReplace;
  // Offloading puts the rest in RAM: both must fit.
  const ramShortfall = onGpu && estimate.requiredRamBytes > estimate.freeRamBytes + freedOnReplace;
  let fits: ModelFit['fits'];
  if (requiredBytes > availableBytes || ramShortfall) fits = 'no';
  else if (requiredBytes > availableBytes * COMFORTABLE_SHARE) fits = 'tight';
  else fits = 'yes';
  return { fits, requiredBytes, availableBytes, where };
}

export function unknownFit(): ModelFit {
  return { fits: 'unknown', requiredBytes: null, availableBytes: null, where: 'ram' };
}
