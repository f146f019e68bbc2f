// Horizontal bar charts drawn as inline SVG: one row per agent or group, one bar per series
// (average and p90 wait, say). Widths are percentages, so a chart fills its box while its
// text keeps its size; coloured by the style sheet, described for screen readers; the
// table beside them holds every figure.
import { h } from "./dom";

const SVG = "http://www.w3.org/2000/svg";
/** Where the bars start and how far they may reach, in percent of the chart's width. */
const LABEL_PCT = 24;
const PLOT_PCT = 62;
const BAR_H = 16;
const GAP = 12;
const MAX_LABEL = 16;

export interface ChartRow {
  label: string;
  values: (number | null)[];
}

export interface Chart {
  title: string;
  /** One name per bar of a row; a legend is drawn when there are several. */
  series: string[];
  rows: ChartRow[];
  format: (n: number) => string;
  /** The scale's end; the largest value when not given. */
  max?: number;
  empty: string;
}

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  ...children: (Node | string)[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

const short = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);

export function barChart(chart: Chart): HTMLElement {
  const caption = h("figcaption", {}, chart.title);
  const values = chart.rows.flatMap((r) => r.values.filter((v): v is number => v !== null));
  if (values.length === 0)
    return h("figure", { class: "chart" }, caption, h("p", { class: "hint" }, chart.empty));

  const max = chart.max ?? Math.max(...values, 0);
  const rowH = chart.series.length * BAR_H + GAP;
  const height = chart.rows.length * rowH + GAP;
  const shown = (v: number | null) => (v === null ? "–" : chart.format(v));
  const described = chart.rows
    .map((r) =>
      [r.label, ...r.values.map((v, i) => `${chart.series[i] ?? ""} ${shown(v)}`)].join(" "),
    )
    .join("; ");
  const graphic = svg("svg", {
    width: "100%",
    height,
    role: "img",
    "aria-label": `${chart.title}: ${described}`,
  });
  const left = `${LABEL_PCT}%`;
  chart.rows.forEach((r, row) => {
    const top = GAP + row * rowH;
    const middle = top + (chart.series.length * BAR_H) / 2;
    graphic.append(
      svg(
        "text",
        { x: left, dx: -8, y: middle, class: "label" },
        svg("title", {}, r.label),
        short(r.label),
      ),
    );
    r.values.forEach((v, i) => {
      const y = top + i * BAR_H;
      const w = v === null || v <= 0 || max <= 0 ? 0 : Math.max(0.5, (v / max) * PLOT_PCT);
      graphic.append(
        svg("rect", {
          x: left,
          y: y + 1,
          width: `${w}%`,
          height: BAR_H - 2,
          rx: 2,
          class: `bar s${i}`,
        }),
        svg("text", { x: `${LABEL_PCT + w}%`, dx: 5, y: y + BAR_H / 2, class: "value" }, shown(v)),
      );
    });
  });
  graphic.append(svg("line", { x1: left, y1: 0, x2: left, y2: height, class: "axis" }));

  const legend =
    chart.series.length > 1
      ? h(
          "ul",
          { class: "legend", "aria-hidden": "true" },
          ...chart.series.map((name, i) => h("li", {}, h("span", { class: `swatch s${i}` }), name)),
        )
      : null;
  return h("figure", { class: "chart" }, caption, legend, graphic);
}
