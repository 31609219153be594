/// <reference types="node" />
/**
 * Accessibility scans with axe-core (@axe-core/playwright): every rule axe runs by default (WCAG 2.x A
 * and AA, best practices) plus `label-content-name-mismatch`, which axe ships as experimental and which
 * caught buttons whose spoken name differed from their visible text. A scan returns its violations;
 * `violationCounts` adds them up by rule and impact, for the run's summary and the assertions.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

export interface AxeViolation {
  state: string;
  rule: string;
  impact: string;
  nodes: number;
  /** The first few offending elements, enough to find them. */
  targets: string[];
  help: string;
}

export async function scanAccessibility(page: Page, state: string): Promise<AxeViolation[]> {
  // Let transitions and late renders settle: axe reads computed colours.
  await page.waitForTimeout(150);
  const result = await new AxeBuilder({ page }).options({ rules: { 'label-content-name-mismatch': { enabled: true } } }).analyze();
  return result.violations.map((v) => ({
    state,
    rule: v.id,
    impact: v.impact ?? 'unknown',
    nodes: v.nodes.length,
    targets: v.nodes.slice(0, 4).map((n) => n.target.join(' ')),
    help: v.help,
  }));
}

/** `rule (impact)` → nodes, over every scan. */
export function violationCounts(violations: readonly AxeViolation[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of violations) counts[`${v.rule} (${v.impact})`] = (counts[`${v.rule} (${v.impact})`] ?? 0) + v.nodes;
  return counts;
}

export const isSeriousOrWorse = (v: AxeViolation) => v.impact === 'serious' || v.impact === 'critical';
