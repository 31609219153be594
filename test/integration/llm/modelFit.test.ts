/**
 * From node-llama-cpp's estimate to the answer shown before loading: fits, tight or too large, in RAM
 * or VRAM; and the hardware defaults a new library gets from the machine's memory.
 */
import { describe, expect, it } from 'vitest';
import { defaultBatchSize, defaultContextSize } from '../../../src-main/core/llm/models/hardwareDefaults';
import { classifyFit, type ResourceEstimate } from '../../../src-main/core/llm/models/modelFit';

const GB = 1024 ** 3;

function estimate(overrides: Partial<ResourceEstimate>): ResourceEstimate {
  return { requiredRamBytes: 2 * GB, requiredVramBytes: 0, freeRamBytes: 8 * GB, freeVramBytes: 0, gpuLayers: 0, compatibilityScore: 1, ...overrides };
}

describe('fit before loading', () => {
  it('on the CPU compares the RAM the model needs with the free RAM', () => {
    expect(classifyFit(estimate({}), 'cpu')).toEqual({ fits: 'yes', requiredBytes: 2 * GB, availableBytes: 8 * GB, where: 'ram' });
    expect(classifyFit(estimate({ requiredRamBytes: 7 * GB }), 'cpu').fits).toBe('tight');
    expect(classifyFit(estimate({ requiredRamBytes: 9 * GB }), 'cpu').fits).toBe('no');
  });

  it('counts the memory of the model it would replace as available', () => {
    expect(classifyFit(estimate({ requiredRamBytes: 9 * GB }), 'cpu', 4 * GB)).toMatchObject({ fits: 'yes', availableBytes: 12 * GB });
  });

  it('with layers on a GPU compares VRAM, and still needs the rest to fit in RAM', () => {
    const offloaded = estimate({ requiredVramBytes: 5 * GB, freeVramBytes: 8 * GB, requiredRamBytes: 1 * GB, gpuLayers: 33 });
    expect(classifyFit(offloaded, 'cuda')).toEqual({ fits: 'yes', requiredBytes: 5 * GB, availableBytes: 8 * GB, where: 'vram' });
    expect(classifyFit({ ...offloaded, requiredVramBytes: 9 * GB }, 'cuda').fits).toBe('no');
    expect(classifyFit({ ...offloaded, requiredRamBytes: 9 * GB }, 'vulkan').fits).toBe('no');
    // No GPU backend in use: whatever the estimate says about layers, the model runs from RAM.
    expect(classifyFit(offloaded, 'cpu').where).toBe('ram');
  });

  it('gives small machines a smaller context and batch', () => {
    expect(defaultContextSize(16 * GB)).toBe(4096);
    expect(defaultBatchSize(16 * GB)).toBe(512);
    expect(defaultContextSize(3 * GB)).toBe(2048);
    expect(defaultBatchSize(3 * GB)).toBe(256);
  });
});
