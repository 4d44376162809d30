// The site's one way to draw a chart in the browser: SVG axes with ticks in the page's number
// format, lines and histograms. The γ/β explorer (explorer.js) and the Figure 1 playground
// (playground.js) both draw with it.
//
// A chart is an SVG whose viewBox is its width in CSS pixels, so its text keeps its size at
// any width. Its classes (`bn-chart`, `bn-chart__axis`, `bn-chart__tick`, …) are styled by
// widgets.css; the SVG also carries its user's (`bn-explorer__chart`), whose stylesheet colours
// the marks. Colours come from CSS (Material's --md-* variables) and follow the dark scheme.

export const SVG = "http://www.w3.org/2000/svg";
export const MINUS = "\u2212";

// ---- Numbers in the page's notation --------------------------------------------------------

/** "-" as a true minus sign, "." as the page's decimal separator. */
export function localize(text, decimal) {
  return text.replace(/[-.]/g, (char) => (char === "-" ? MINUS : decimal));
}

/** Python's f"{value:.{digits}f}": the exact value, ties to even. */
export function pythonFixed(value, digits) {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  const size = Math.abs(value);
  if (size >= 1e21) return sign + BigInt(size).toString() + (digits ? "." + "0".repeat(digits) : "");
  let text = size.toFixed(digits); // exact, but ties go up
  const extra = 25; // enough digits to tell a tie from a double just off it
  const long = size.toFixed(digits + extra);
  if (/^50*$/.test(long.slice(-extra))) {
    const truncated = long.slice(0, -extra).replace(/\.$/, "");
    if (Number(truncated.at(-1)) % 2 === 0) text = truncated; // already even: round down
  }
  return sign + text;
}

/**
 * The library's format_number(value, lang, digits, grouped=...): `digits` decimals (2 by
 * default), "−0.00" printed as "0.00", thousands grouped with "," (with "." where the
 * decimal separator is a comma).
 */
export function formatNumber(value, decimal, digits = 2, grouped = false) {
  let text = pythonFixed(value, digits);
  if (/^-[0.]+$/.test(text)) text = text.slice(1);
  if (grouped) {
    const [whole, fraction] = text.split(".");
    const groupedWhole = whole.replace(/\B(?=(\d{3})+$)/g, ",");
    text = fraction === undefined ? groupedWhole : `${groupedWhole}.${fraction}`;
  }
  const group = decimal === "," ? "." : ",";
  return text.replace(/[-.,]/g, (char) => (char === "-" ? MINUS : char === "." ? decimal : group));
}

/** format_number(value, lang, None): Python's "{:g}". */
export function formatShort(value, decimal) {
  if (value === 0) return "0"; // "-0" too, as format_number prints it
  if (!Number.isFinite(value)) return localize(pythonFixed(value, 0), decimal);
  const [mantissa, power] = Math.abs(value).toExponential(5).split("e");
  const exponent = Number(power);
  const strip = (text) => (text.includes(".") ? text.replace(/\.?0+$/, "") : text);
  const text = exponent >= -4 && exponent < 6
    ? strip(pythonFixed(Math.abs(value), 5 - exponent))
    : `${strip(mantissa)}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  return localize((value < 0 ? "-" : "") + text, decimal);
}

/** A string's {placeholders} filled in. */
export function fill(template, fields) {
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in fields ? fields[name] : match));
}

// ---- Ticks ---------------------------------------------------------------------------------

export function niceStep(span, target) {
  const raw = span / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const ratio = raw / magnitude;
  return (ratio <= 1 ? 1 : ratio <= 2 ? 2 : ratio <= 2.5 ? 2.5 : ratio <= 5 ? 5 : 10) * magnitude;
}

// Decimals a tick step needs (0.25 → 2, 5e-7 → 7), relative to its size: a fixed tolerance
// would call every step below 10⁻⁶ a whole number.
export function decimalsOf(step) {
  let digits = 0;
  while (digits < 20 && Math.abs(step * 10 ** digits - Math.round(step * 10 ** digits)) > 1e-9 * step * 10 ** digits) digits++;
  return digits;
}

/** Ticks between low and high, about one per `spacing` pixels: [[value, label], …]. */
export function ticks(low, high, pixels, spacing, decimal) {
  const step = niceStep(high - low, Math.max(2, Math.floor(pixels / spacing)));
  const digits = decimalsOf(step);
  const values = [];
  for (let k = Math.ceil(low / step - 1e-9); k * step <= high + step * 1e-9 && values.length < 50; k++) {
    const value = k * step;
    // Fixed decimals for everyday scales; beyond them, Python's "{:g}" as the static
    // figures' ticks (1e+25, not 25 digits).
    const label = Math.max(Math.abs(low), Math.abs(high)) >= 1e6 || digits > 6
      ? formatShort(Number(value.toPrecision(12)), decimal)
      : localize(value.toFixed(digits).replace(/^-([0.]+)$/, "$1"), decimal); // no "−0.0"
    values.push([value, label]);
  }
  return values;
}

// ---- SVG -----------------------------------------------------------------------------------

export function element(name, attributes = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (parent) parent.append(node);
  return node;
}

export function text(parent, x, y, content, attributes = {}) {
  const node = element("text", { x, y, ...attributes }, parent);
  node.textContent = content;
  return node;
}

/**
 * An SVG chart: `svg` (role img: its name says what it shows), a group of marks drawn under
 * a group of axes. `user` names the SVG's own class, `${user}__chart`, beside `bn-chart`.
 */
export class Chart {
  constructor(user) {
    this.svg = element("svg", { class: `bn-chart ${user}__chart`, role: "img", focusable: "false" });
    this.marks = element("g", { class: "bn-chart__marks" }, this.svg);
    this.axes = element("g", { class: "bn-chart__axes" }, this.svg);
    this.rects = [];
  }

  /**
   * Size the chart and draw its axes; return the frame the marks are drawn in.
   *
   * x, y: {low, high} and optionally ticks ([[value, label], …]; by default about one per
   * 70 px across and 50 px up). `top` leaves room above for a title; the left margin fits the
   * longest y label.
   */
  frame({ width, height, top = 12, x, y, xlabel = "", ylabel = "", decimal = "." }) {
    this.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const yTicks = y.ticks ?? ticks(y.low, y.high, height, 50, decimal);
    const longest = Math.max(1, ...yTicks.map(([, label]) => label.length));
    const left = 34 + 7.5 * longest;
    const bottom = height - 48;
    const right = width - 14;
    const xAt = (value) => left + ((value - x.low) / (x.high - x.low || 1)) * (right - left);
    const yAt = (value) => bottom - ((value - y.low) / (y.high - y.low || 1)) * (bottom - top);
    const tick = "bn-chart__tick";
    this.axes.replaceChildren();
    const axis = (x1, y1, x2, y2) => element("line", { x1, y1, x2, y2, class: "bn-chart__axis" }, this.axes);
    axis(left, bottom, right, bottom);
    axis(left, bottom, left, top);
    for (const [value, label] of x.ticks ?? ticks(x.low, x.high, right - left, 70, decimal)) {
      const at = xAt(value).toFixed(2);
      axis(at, bottom, at, bottom + 5);
      text(this.axes, at, bottom + 19, label, { "text-anchor": "middle", class: tick });
    }
    for (const [value, label] of yTicks) {
      const at = yAt(value).toFixed(2);
      axis(left - 5, at, left, at);
      text(this.axes, left - 8, at, label, { "text-anchor": "end", "dominant-baseline": "middle", class: tick });
    }
    if (xlabel) text(this.axes, (left + right) / 2, height - 8, xlabel, { "text-anchor": "middle" });
    if (ylabel) {
      const middle = ((top + bottom) / 2).toFixed(2);
      text(this.axes, 16, middle, ylabel, {
        "text-anchor": "middle", "dominant-baseline": "middle", transform: `rotate(-90 16 ${middle})`,
      });
    }
    return { xAt, yAt, left, right, top, bottom, width, height };
  }

  /** A histogram: counts of equal bins across the frame's width, from 0 up. */
  bars(counts, frame) {
    while (this.rects.length < counts.length) this.rects.push(element("rect", { class: "bn-chart__bar" }, this.marks));
    const { left, right, bottom, yAt } = frame;
    const width = (right - left) / counts.length;
    this.rects.forEach((rect, bin) => {
      const top = bin < counts.length ? yAt(counts[bin]) : bottom;
      rect.setAttribute("x", (left + bin * width).toFixed(2));
      rect.setAttribute("width", width.toFixed(2));
      rect.setAttribute("y", top.toFixed(2));
      rect.setAttribute("height", (bottom - top).toFixed(2));
    });
  }

  /** Lines through points ([[x, y], …]), each with its own extra class; drawn afresh. */
  lines(series, frame) {
    this.marks.replaceChildren();
    this.rects = [];
    for (const { points, className = "" } of series) {
      if (!points.length) continue;
      const path = points.map(([x, y], index) => `${index ? "L" : "M"}${frame.xAt(x).toFixed(1)} ${frame.yAt(y).toFixed(1)}`).join("");
      element("path", { d: path, class: `bn-chart__line ${className}`.trim(), fill: "none" }, this.marks);
    }
  }
}
