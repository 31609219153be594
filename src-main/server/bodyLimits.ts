/**
 * How much of a request body the bridge holds in memory. A call's JSON body is read whole before it
 * is parsed, so each method gets a small limit (uploads have their own streamed route, uploadRoute.ts),
 * and the bodies being read at once share a budget: past it a call is turned away with 503 and
 * Retry-After instead of growing the process (issue 11: four 300 MB uploads took the server to 3 GB,
 * and a 100 MB JSON array held `app.info` for 4.5 s while it was parsed).
 */
import type { IncomingMessage } from 'node:http';
import { readJsonBody, type BodyResult } from './readJsonBody';

const MIB = 1024 * 1024;

/** Any call's JSON body: settings, questions, feedback, SQL are all far below it. */
export const CALL_BODY_LIMIT_BYTES = 1 * MIB;

/** Methods whose input may be larger: up to 10,000 paths, and files as base64 from scripts (the UI streams them). */
const METHOD_BODY_LIMITS: Record<string, number> = {
  'library.ingestPaths': 8 * MIB,
  'library.ingestUploads': 32 * MIB,
};

/** JSON bodies held at once, all calls together. */
export const BODIES_IN_FLIGHT_BYTES = 64 * MIB;

/** The limit of a method's body; `configured` (the bridge's option) can only lower it. */
export function callBodyLimit(method: string, configured?: number): number {
  const limit = METHOD_BODY_LIMITS[method] ?? CALL_BODY_LIMIT_BYTES;
  return configured === undefined ? limit : Math.min(limit, configured);
}

export interface BodyBudget {
  /** Reserves `bytes`; null when the budget cannot hold them now. The release is idempotent. */
  reserve(bytes: number): (() => void) | null;
  readonly inUse: number;
}

export function createBodyBudget(maxBytes: number = BODIES_IN_FLIGHT_BYTES): BodyBudget {
  let inUse = 0;
  return {
    reserve(bytes) {
      if (inUse + bytes > maxBytes) return null;
      inUse += bytes;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        inUse -= bytes;
      };
    },
    get inUse() {
      return inUse;
    },
  };
}

export type CallBodyResult = BodyResult | { kind: 'busy' };

/**
 * Reads a call's body within its method's limit and the shared budget. What is reserved is the declared
 * length (or the whole limit when the length is not declared), so the budget holds before a byte is read.
 */
export async function readCallBody(req: IncomingMessage, method: string, budget: BodyBudget, configured?: number): Promise<CallBodyResult & { limit: number }> {
  const limit = callBodyLimit(method, configured);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return { kind: 'tooLarge', limit };
  const release = budget.reserve(Number.isFinite(declared) ? declared : limit);
  if (!release) return { kind: 'busy', limit };
  try {
    return { ...(await readJsonBody(req, limit)), limit };
  } finally {
    release();
  }
}
