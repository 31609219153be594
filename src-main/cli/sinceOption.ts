/**
 * `--since` as people type it: a duration back from now (`90s`, `30m`, `2h`, `7d`) or a date or
 * instant (`2026-12-07`, `2026-12-07T10:00:00Z`), which goes to the contract as typed (it validates).
 */
const DURATION = /^(\d+)\s*(s|m|h|d)$/i;
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function sinceOption(value: string | undefined, now = Date.now()): string | undefined {
  if (value === undefined) return undefined;
  const duration = DURATION.exec(value.trim());
  if (!duration) return value;
  return new Date(now - Number(duration[1]) * UNIT_MS[duration[2].toLowerCase()]).toISOString();
}
