import { h, svg } from "./dom.js";

/** Score band names used for colour: the same thresholds everywhere. */
export function scoreBand(score: number): "good" | "fair" | "weak" {
  return score >= 75 ? "good" : score >= 50 ? "fair" : "weak";
}

/** A ring filled to score/100 with the number in the middle. */
export function scoreRing(score: number, label: string): HTMLElement {
  const radius = 52;
  const circumference = 2 * Math.PI * radius;
  const filled = (Math.max(0, Math.min(100, score)) / 100) * circumference;
  return h(
    "figure",
    { class: `score-ring band-${scoreBand(score)}`, role: "img", "aria-label": `${label}: ${score} out of 100` },
    svg(
      "svg",
      { viewBox: "0 0 120 120", width: 132, height: 132, "aria-hidden": "true" },
      svg("circle", { cx: 60, cy: 60, r: radius, class: "ring-track" }),
      svg("circle", {
        cx: 60,
        cy: 60,
        r: radius,
        class: "ring-value",
        "stroke-dasharray": `${filled} ${circumference}`,
        transform: "rotate(-90 60 60)",
      }),
      svg("text", { x: 60, y: 60, class: "ring-number", "text-anchor": "middle", "dominant-baseline": "central" }, String(score)),
    ),
    h("figcaption", {}, label),
  );
}

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Shown after the bar instead of the value. */
  readonly display?: string;
  /** A sentence under the bar (e.g. why the score). */
  readonly note?: string;
}

/** Horizontal bars scaled to max, one per row; scores get their band's colour. */
export function barChart(title: string, bars: readonly Bar[], max: number, options: { scores?: boolean } = {}): HTMLElement {
  return h(
    "figure",
    { class: "bar-chart" },
    h("figcaption", { class: "chart-title" }, title),
    h(
      "ul",
      { role: "list" },
      bars.map((bar) => {
        const width = max > 0 ? Math.max(0, Math.min(100, (bar.value / max) * 100)) : 0;
        const band = options.scores ? ` band-${scoreBand(bar.value)}` : "";
        const fill = h("span", { class: `bar-fill${band}` });
        // Through the style object, not a style attribute, which the Content-Security-Policy refuses.
        fill.style.width = `${width.toFixed(1)}%`;
        return h(
          "li",
          { class: "bar-row" },
          h("span", { class: "bar-label" }, bar.label),
          h(
            "span",
            { class: "bar-track", role: "img", "aria-label": `${bar.label}: ${bar.display ?? bar.value}` },
            fill,
          ),
          h("span", { class: "bar-value" }, bar.display ?? String(bar.value)),
          bar.note ? h("span", { class: "bar-note" }, bar.note) : null,
        );
      }),
    ),
  );
}

export interface Point {
  readonly label: string;
  readonly value: number;
}

/** A line over time (oldest first) on a 0-100 scale, with a dot per point; for the score trend. */
export function trendChart(title: string, points: readonly Point[]): HTMLElement {
  const width = 640;
  const height = 220;
  const pad = { left: 44, right: 32, top: 16, bottom: 28 };
  const plotWidth = width - pad.left - pad.right;
  const plotHeight = height - pad.top - pad.bottom;
  const x = (i: number) => pad.left + (points.length === 1 ? plotWidth / 2 : (i / (points.length - 1)) * plotWidth);
  const y = (value: number) => pad.top + (1 - value / 100) * plotHeight;

  const grid = [0, 25, 50, 75, 100].flatMap((value) => [
    svg("line", { x1: pad.left, x2: width - pad.right, y1: y(value), y2: y(value), class: "grid" }),
    svg("text", { x: pad.left - 8, y: y(value), class: "axis", "text-anchor": "end", "dominant-baseline": "central" }, String(value)),
  ]);
  const path = points.map((point, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(point.value).toFixed(1)}`).join(" ");
  const dots = points.map((point, i) =>
    svg("circle", { cx: x(i), cy: y(point.value), r: 4.5, class: `dot band-${scoreBand(point.value)}` }, svg("title", {}, `${point.label}: ${point.value}`)),
  );
  const labels = points.length <= 8 ? points.map((point, i) => svg("text", { x: x(i), y: height - 8, class: "axis", "text-anchor": "middle" }, point.label)) : [];
  const summary = points.map((point) => `${point.label} ${point.value}`).join(", ");
  return h(
    "figure",
    { class: "trend-chart" },
    h("figcaption", { class: "chart-title" }, title),
    svg(
      "svg",
      { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `${title}: ${summary}`, preserveAspectRatio: "xMidYMid meet" },
      ...grid,
      svg("path", { d: path, class: "line" }),
      ...dots,
      ...labels,
    ),
  );
}

export interface ColumnGroup {
  readonly label: string;
  readonly values: readonly number[];
}

/** Vertical columns per group (e.g. per answer), one colour per series, each series scaled to its own max. */
export function columnChart(
  title: string,
  series: readonly string[],
  groups: readonly ColumnGroup[],
  units: readonly string[],
  /** Colour of the first series (0-2), so separate charts can differ. */
  firstColour = 0,
): HTMLElement {
  const width = 640;
  const height = 220;
  const pad = { left: 12, right: 12, top: 22, bottom: 28 };
  const plotHeight = height - pad.top - pad.bottom;
  const groupWidth = (width - pad.left - pad.right) / Math.max(1, groups.length);
  const columnWidth = Math.min(36, (groupWidth * 0.7) / series.length);
  const maxima = series.map((_, s) => Math.max(1, ...groups.map((group) => group.values[s] ?? 0)));
  const elements: SVGElement[] = [
    svg("line", { x1: pad.left, x2: width - pad.right, y1: pad.top + plotHeight, y2: pad.top + plotHeight, class: "grid" }),
  ];
  groups.forEach((group, g) => {
    const centre = pad.left + groupWidth * (g + 0.5);
    group.values.forEach((value, s) => {
      const columnHeight = (value / maxima[s]!) * plotHeight;
      const left = centre - (series.length * columnWidth) / 2 + s * columnWidth;
      const top = pad.top + plotHeight - columnHeight;
      elements.push(
        svg(
          "rect",
          { x: left + 2, y: top, width: columnWidth - 4, height: Math.max(columnHeight, 1), rx: 3, class: `series-${(firstColour + s) % 3}` },
          svg("title", {}, `${group.label}: ${series[s]} ${formatNumber(value)} ${units[s] ?? ""}`),
        ),
        svg("text", { x: left + columnWidth / 2, y: top - 6, class: "axis", "text-anchor": "middle" }, formatNumber(value)),
      );
    });
    elements.push(svg("text", { x: centre, y: height - 8, class: "axis", "text-anchor": "middle" }, group.label));
  });
  const summary = groups
    .map((group) => `${group.label}: ${group.values.map((value, s) => `${series[s]} ${formatNumber(value)}`).join(", ")}`)
    .join("; ");
  return h(
    "figure",
    { class: "column-chart" },
    h("figcaption", { class: "chart-title" }, title),
    h(
      "div",
      { class: "legend" },
      series.map((name, s) => h("span", { class: "legend-item" }, h("span", { class: `swatch series-${(firstColour + s) % 3}` }), `${name}${units[s] ? ` (${units[s]})` : ""}`)),
    ),
    svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `${title}. ${summary}` }, ...elements),
  );
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
