/**
 * Ids that sort in the order they were made, within this process and across restarts: the audit log
 * and the review queue list "most recent first" by id when two entries share a millisecond.
 */
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

export function timeOrderedId(now: number = Date.now()): string {
  if (now === lastMs) sequence++;
  else {
    lastMs = now;
    sequence = 0;
  }
  return `${now.toString(36).padStart(9, '0')}-${sequence.toString(36).padStart(4, '0')}-${randomBytes(4).toString('hex')}`;
}
