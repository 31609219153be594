/**
 * This process's open file descriptors, from /proc/self/fd (Linux): all of them, those on LanceDB
 * files (`.lance` in their path) and those on files deleted since they were opened. With `under`,
 * only LanceDB and deleted files below that folder count as such (another library's stay out).
 */
import { readdirSync, readlinkSync } from 'node:fs';

export interface DescriptorCount {
  total: number;
  lance: number;
  deleted: number;
}

export function openDescriptors(under?: string): DescriptorCount {
  const count: DescriptorCount = { total: 0, lance: 0, deleted: 0 };
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // closed between the listing and the read (the listing's own descriptor, say)
    }
    count.total++;
    if (under !== undefined && !target.startsWith(under)) continue;
    if (target.includes('.lance')) count.lance++;
    if (target.endsWith(' (deleted)')) count.deleted++;
  }
  return count;
}
