/**
 * One chart of the dashboard: uPlot on a canvas (fast on tens of thousands of points, no DOM per
 * point), axes in the series' unit and the UI language, an empty state when the range holds nothing,
 * and the same numbers as a real table under a <details> (built only when opened). The time the first
 * drawing took is kept in `data-render-ms` (read by the end-to-end test, printed, never asserted).
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useAppStore } from '../../stores/appStore';
import { lineUnit, tableRows, type ChartData, type ChartSpec } from './chartData';
import { formatDay, formatTick, formatTime, formatValue } from './units';
import type { HistoryRange } from '../../../src-shared/monitoring';

/** Line colours (canvas needs values, not CSS variables): the theme's accent, bad, warn and ok, then greys. */
const COLOURS = ['#1f5fbf', '#b3261e', '#a35f00', '#1e7d45', '#6b4fa0', '#5d6877'];
const HEIGHT = 190;
/** Rows a table shows at most (a day of minutes); the chart still draws every point. */
const TABLE_LIMIT = 1440;
/** Tick steps for counts: whole numbers only (no 0.25 question). */
const WHOLE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 1e7, 1e8, 1e9];

interface Props {
  spec: ChartSpec;
  data: ChartData;
  /** The history range, or 'days' for one point a day (questions per day). */
  range: HistoryRange | 'days';
  title: string;
  /** One label per line. */
  labels: string[];
  /** The time axis' span in ms (the whole range, so one early point is not drawn across the chart); default: the data's. */
  span?: [number, number];
}

function timeText(ms: number, range: HistoryRange | 'days', lang: 'en' | 'fr', detail: 'tick' | 'row'): string {
  return range === 'days' ? (detail === 'tick' ? formatTime(ms, '30d', lang, 'tick') : formatDay(ms, lang)) : formatTime(ms, range, lang, detail);
}

export function TimeChart({ spec, data, range, title, labels, span }: Props) {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.lang);
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [width, setWidth] = useState(0);
  // Kept with the data it was measured for, so a new range never shows the previous chart's time.
  const [render, setRender] = useState<{ data: ChartData; ms: number } | null>(null);
  const [tableOpen, setTableOpen] = useState(false);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    setWidth(el.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [data.hasData]);

  // A new chart for new data, labels or language (uPlot builds one in a few milliseconds).
  useEffect(() => {
    const el = box.current;
    if (!el || !data.hasData || width <= 0) return;
    const started = performance.now();
    let first = true;
    const bars = spec.kind === 'bars';
    const opts: uPlot.Options = {
      width,
      height: HEIGHT,
      // Timestamps in milliseconds.
      ms: 1,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: span ? { time: true, range: () => span } : { time: true },
        // From 0 (or below, for a negative value), with a little room above the highest point.
        y: { range: (_u, min, max) => (max <= 0 && min >= 0 ? [0, 1] : uPlot.rangeNum(Math.min(0, min), Math.max(max, 0), 0.1, true)) },
      },
      axes: [
        {
          stroke: '#5d6877',
          grid: { stroke: '#eceff3' },
          ticks: { stroke: '#dfe3e8' },
          // Room for "14 Mar" or "09:05" between ticks.
          space: 64,
          values: (_u, splits) => splits.map((v) => timeText(v, range, lang, 'tick')),
        },
        {
          stroke: '#5d6877',
          grid: { stroke: '#eceff3' },
          ticks: { stroke: '#dfe3e8' },
          size: 72,
          ...(spec.unit === 'count' ? { incrs: WHOLE_STEPS } : {}),
          label: t(`monitoring.units.${spec.unit}`),
          labelSize: 18,
          values: (_u, splits) => splits.map((v) => formatTick(v, spec.unit, lang)),
        },
      ],
      series: [
        { label: t('monitoring.chart.time'), value: (_u, v) => (v === null ? '—' : timeText(v, range, lang, 'row')) },
        ...spec.lines.map((line, i) => ({
          label: labels[i],
          stroke: COLOURS[i % COLOURS.length],
          width: bars ? 1 : 2,
          fill: bars ? `${COLOURS[i % COLOURS.length]}99` : undefined,
          spanGaps: !bars,
          paths: bars ? uPlot.paths.bars!({ size: [0.8, 40], align: range === 'days' ? 0 : 1 }) : undefined,
          points: { show: !bars, size: 4 },
          value: (_u: uPlot, v: number | null) => formatValue(v, lineUnit(spec, line), lang),
        })),
      ],
      hooks: {
        draw: [
          () => {
            if (!first) return;
            first = false;
            setRender({ data, ms: performance.now() - started });
          },
        ],
      },
    };
    const chart = new uPlot(opts, [data.xs, ...data.ys] as uPlot.AlignedData, el);
    plot.current = chart;
    return () => {
      chart.destroy();
      plot.current = null;
    };
    // The width is applied by the effect below without a rebuild.
  }, [data, labels.join('|'), lang, spec, range, t, width > 0, span?.[0], span?.[1]]);

  useEffect(() => {
    if (plot.current && width > 0) plot.current.setSize({ width, height: HEIGHT });
  }, [width]);

  const allRows = useMemo(() => (tableOpen && data.hasData ? tableRowsFor(data, spec, range, lang) : []), [tableOpen, data, spec, range, lang]);
  const rows = allRows.length > TABLE_LIMIT ? allRows.slice(0, TABLE_LIMIT) : allRows;
  const latest = useMemo(() => summary(data, spec, labels, lang), [data, spec, labels, lang]);

  return (
    <figure className="chart" data-testid={`chart-${spec.id}`} data-has-data={data.hasData ? 'true' : 'false'} data-points={data.xs.length}>
      <figcaption className="chart-title">{title}</figcaption>
      {data.hasData ? (
        <>
          <div ref={box} className="chart-canvas" role="img" aria-label={latest ? t('monitoring.chart.latest', { title, values: latest }) : title} data-render-ms={render?.data === data ? render.ms.toFixed(1) : undefined} />
          <details className="chart-numbers" onToggle={(e) => setTableOpen(e.currentTarget.open)} data-testid={`chart-table-toggle-${spec.id}`}>
            <summary>{t('monitoring.chart.showNumbers')}</summary>
            {tableOpen &&
              (rows.length === 0 ? (
                <p className="muted small">{t('monitoring.chart.noData')}</p>
              ) : (
                <div className="chart-table-scroll">
                  {allRows.length > rows.length && <p className="small muted">{t('monitoring.chart.tableCapped', { shown: rows.length, count: allRows.length })}</p>}
                  <table className="data-table chart-table" data-testid={`chart-table-${spec.id}`}>
                    <caption className="visually-hidden">{t('monitoring.chart.tableCaption', { title, count: rows.length })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{range === 'days' ? t('monitoring.chart.day') : t('monitoring.chart.period')}</th>
                        {labels.map((l) => (
                          <th key={l} scope="col" className="num">
                            {l}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((r) => (
                        <tr key={r.key}>
                          <th scope="row" className="nowrap">
                            {r.time}
                          </th>
                          {r.cells.map((c, i) => (
                            <td key={i} className="num nowrap">
                              {c}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ))}
          </details>
        </>
      ) : (
        <p className="empty chart-empty" data-testid={`chart-empty-${spec.id}`}>
          {t('monitoring.chart.noData')}
        </p>
      )}
    </figure>
  );
}

function tableRowsFor(data: ChartData, spec: ChartSpec, range: HistoryRange | 'days', lang: 'en' | 'fr') {
  if (range !== 'days') return tableRows(data, spec, range, lang);
  // One row a day, newest first, days without questions included (a zero is an answer too).
  return data.xs
    .map((x, i) => ({ key: x, time: formatDay(x, lang), cells: data.ys.map((ys) => formatValue(ys[i], 'count', lang)) }))
    .reverse();
}

/** The last value of each line, for the chart's accessible name ("p95: 1.2 s, p50: 0.8 s"). */
function summary(data: ChartData, spec: ChartSpec, labels: string[], lang: 'en' | 'fr'): string {
  const parts: string[] = [];
  data.ys.forEach((ys, i) => {
    for (let j = ys.length - 1; j >= 0; j--) {
      const v = ys[j];
      if (v === null || (spec.lines[i].stat === 'count' && v === 0)) continue;
      parts.push(`${labels[i]}: ${formatValue(v, lineUnit(spec, spec.lines[i]), lang)}`);
      return;
    }
  });
  return parts.join(', ');
}
