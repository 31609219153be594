/**
 * The exporter's text: Prometheus' text format, or OpenMetrics when a scraper asks for it. prom-client
 * can write OpenMetrics only by renaming its counter objects in place (a registry switched to it strips
 * `_total` from the counters' own names, which would then break the Prometheus text), so OpenMetrics is
 * derived here from the Prometheus text: counter families lose `_total` in their HELP and TYPE lines
 * (samples keep it), and the text ends with `# EOF`.
 */
import type { Registry } from 'prom-client';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

export type ExpositionFormat = 'prometheus' | 'openmetrics';

/** OpenMetrics when the Accept header asks for it first (as Prometheus does when it can read it). */
export function formatFor(accept: string | undefined): ExpositionFormat {
  return accept && /application\/openmetrics-text/i.test(accept) ? 'openmetrics' : 'prometheus';
}

export async function exposition(registry: Registry, format: ExpositionFormat): Promise<{ contentType: string; text: string }> {
  const text = await registry.metrics();
  if (format === 'prometheus') return { contentType: PROMETHEUS_CONTENT_TYPE, text };
  return { contentType: OPENMETRICS_CONTENT_TYPE, text: toOpenMetrics(text) };
}

export function toOpenMetrics(prometheusText: string): string {
  const counters = new Set<string>();
  for (const line of prometheusText.split('\n')) {
    const m = /^# TYPE (\S+) counter$/.exec(line);
    if (m) counters.add(m[1]);
  }
  const lines: string[] = [];
  for (const line of prometheusText.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+)( .*)?$/.exec(line);
    if (meta && counters.has(meta[2])) {
      const family = meta[2].endsWith('_total') ? meta[2].slice(0, -'_total'.length) : meta[2];
      lines.push(`# ${meta[1]} ${family}${meta[3] ?? ''}`);
      continue;
    }
    if (!meta && !line.startsWith('#')) {
      const name = /^[^\s{]+/.exec(line)?.[0] ?? '';
      // A counter sample must end in _total in OpenMetrics.
      if (counters.has(name) && !name.endsWith('_total')) {
        lines.push(line.replace(name, `${name}_total`));
        continue;
      }
    }
    lines.push(line);
  }
  return `${lines.join('\n')}\n# EOF\n`;
}
