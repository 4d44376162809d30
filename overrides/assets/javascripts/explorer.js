// The γ/β explorer on the transform page (its markup: scripts/explorer.py).
//
// Without JavaScript the page shows the build-time figure (γ = 1, β = 0). Here, once the
// explorer nears the viewport, the batch the figures show is fetched (float32, little-endian,
// C order), each mode's statistics are computed once, and the controls replace that figure by
// a live histogram. The numbers are the library's:
// - whole batch, the notebook's normalize_whole: one mean and the unbiased variance of all
//   values, y = γ (x − mean) / √(var + ε) + β;
// - per feature, the paper's Algorithm 1 (batch_norm on x.reshape(N, −1)): each pixel position
//   over the N images, with its own mean and biased variance, y = γ x̂ + β;
// - the title line, batch_summary: min, max, mean and unbiased variance of every y in float64,
//   printed as format_number prints them (2 decimals, the page's decimal separator, U+2212).
// The library computes y in float32, and at 2 decimals a variance of 10⁴ shows that rounding:
// so y is rounded to float32 after each operation as torch does (Math.fround; for + − × ÷
// rounding the float64 result is exact float32 arithmetic). The means and the √(var + ε) come
// with the batch, as torch computed them (scripts/figures.py): its reductions and its float32
// square root cannot be replayed exactly here.

const SVG = "http://www.w3.org/2000/svg";
const BINS = 50; // as describe_batch's hist(bins=50)
const MINUS = "\u2212";
const MARGIN = "1000px 0px"; // start loading well before the reader gets there

const root = document.querySelector(".bn-explorer");
if (root) whenNear(root, () => load(root, JSON.parse(root.dataset.config)));

function whenNear(element, callback) {
  if (!("IntersectionObserver" in window)) {
    callback();
    return;
  }
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) {
      observer.disconnect();
      callback();
    }
  }, { rootMargin: MARGIN });
  observer.observe(element);
}

// The file: the N·H·W values, the whole batch's mean and √(var + ε), then the H·W per-feature
// means and the H·W per-feature √(σ²_B + ε); float32, little-endian.
async function load(root, config) {
  const count = config.shape.reduce((product, size) => product * size, 1);
  const features = count / config.shape[0];
  const expected = count + 2 + 2 * features;
  let batch;
  try {
    const response = await fetch(config.data);
    if (!response.ok) throw new Error(`${config.data}: HTTP ${response.status}`);
    const buffer = await response.arrayBuffer();
    if (buffer.byteLength !== 4 * expected) {
      throw new Error(`${config.data}: ${buffer.byteLength} bytes, expected ${expected} float32 values`);
    }
    const view = new DataView(buffer);
    const values = new Float64Array(expected);
    for (let i = 0; i < expected; i++) values[i] = view.getFloat32(4 * i, true);
    batch = {
      x: values.subarray(0, count),
      whole: { mean: values[count], scale: values[count + 1] },
      feature: { means: values.subarray(count + 2, count + 2 + features), scales: values.subarray(count + 2 + features) },
    };
  } catch (error) {
    // The static figure stays; say why nothing moves.
    const stats = root.querySelector(".bn-explorer__stats");
    stats.querySelector("output").textContent = config.error;
    stats.hidden = false;
    console.warn("γ/β explorer:", error);
    return;
  }
  explore(root, config, batch);
}

// ---- Statistics, as the library computes them --------------------------------------------

function meanVariance(values, start, stride, length, correction) {
  let sum = 0;
  for (let k = 0, i = start; k < length; k++, i += stride) sum += values[i];
  const mean = sum / length;
  let squares = 0;
  for (let k = 0, i = start; k < length; k++, i += stride) squares += (values[i] - mean) ** 2;
  return [mean, squares / (length - correction)];
}

const f32 = Math.fround;

// normalize_whole before γ and β: x − mean in float32, with the library's mean and √(var + ε).
function prepareWhole(x, { mean, scale }) {
  return { centred: x.map((value) => f32(value - mean)), scale };
}

// x̂ of Algorithm 1 on x.reshape(N, −1), each feature with the library's μ_B and √(σ²_B + ε).
function prepareFeatures(x, { means, scales }) {
  const features = means.length;
  const xhat = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) xhat[i] = f32(f32(x[i] - means[i % features]) / scales[i % features]);
  return { xhat };
}

// y, as the library computes it in float32.
function transform(prepared, mode, gamma, beta, y) {
  const [g, b] = [f32(gamma), f32(beta)];
  if (mode === "whole") {
    const { centred, scale } = prepared.whole; // γ (x − mean) / √(var + ε) + β, in that order
    for (let i = 0; i < y.length; i++) y[i] = f32(f32(f32(g * centred[i]) / scale) + b);
  } else {
    const { xhat } = prepared.feature;
    for (let i = 0; i < y.length; i++) y[i] = f32(f32(g * xhat[i]) + b);
  }
}

// batch_summary: min, max, mean and unbiased variance.
function summary(y) {
  let min = Infinity;
  let max = -Infinity;
  for (const value of y) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const [mean, variance] = meanVariance(y, 0, 1, y.length, 1);
  return { min, max, mean, var: variance };
}

// np.histogram(y, bins) between min and max (±0.5 around a constant), as matplotlib's hist.
function histogram(y, low, high, bins) {
  const counts = new Array(bins).fill(0);
  const scale = bins / (high - low);
  for (const value of y) {
    const bin = Math.floor((value - low) * scale);
    counts[Math.min(bins - 1, Math.max(0, bin))]++;
  }
  return counts;
}

// ---- Numbers in the page's notation --------------------------------------------------------

function localize(text, decimal) {
  return text.replace(/[-.]/g, (char) => (char === "-" ? MINUS : decimal));
}

// Python's f"{value:.{digits}f}": the exact value, ties to even.
function pythonFixed(value, digits) {
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

// format_number(value, lang): 2 decimals, "−0.00" printed as "0.00".
function formatNumber(value, decimal) {
  let text = pythonFixed(value, 2);
  if (/^-[0.]+$/.test(text)) text = text.slice(1);
  return localize(text, decimal);
}

// format_number(value, lang, None): Python's "{:g}", as for γ and β in the library's figures.
function formatShort(value, decimal) {
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

function fill(template, fields) {
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in fields ? fields[name] : match));
}

// ---- Axes ----------------------------------------------------------------------------------

function niceStep(span, target) {
  const raw = span / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const ratio = raw / magnitude;
  return (ratio <= 1 ? 1 : ratio <= 2 ? 2 : ratio <= 2.5 ? 2.5 : ratio <= 5 ? 5 : 10) * magnitude;
}

// Decimals a tick step needs (0.25 → 2, 5e-7 → 7), relative to its size: a fixed tolerance
// would call every step below 10⁻⁶ a whole number.
function decimalsOf(step) {
  let digits = 0;
  while (digits < 20 && Math.abs(step * 10 ** digits - Math.round(step * 10 ** digits)) > 1e-9 * step * 10 ** digits) digits++;
  return digits;
}

// Ticks between low and high, about one per `spacing` pixels, labelled in the page's notation.
function ticks(low, high, pixels, spacing, decimal) {
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

// ---- The live chart ------------------------------------------------------------------------

function element(name, attributes = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (parent) parent.append(node);
  return node;
}

function text(parent, x, y, content, attributes = {}) {
  const node = element("text", { x, y, ...attributes }, parent);
  node.textContent = content;
  return node;
}

class Chart {
  constructor(config) {
    this.config = config;
    this.svg = element("svg", { class: "bn-explorer__chart", role: "img", focusable: "false" });
    this.title = element("text", { class: "bn-explorer__title", "text-anchor": "middle" }, this.svg);
    this.bars = element("g", { class: "bn-explorer__bars" }, this.svg);
    this.rects = Array.from({ length: BINS }, () => element("rect", { class: "bn-explorer__bar" }, this.bars));
    this.axes = element("g", { class: "bn-explorer__axes" }, this.svg);
  }

  // Draw counts of values from low to high into a `width`-pixel-wide chart, titled `title`.
  draw(width, title, counts, low, high) {
    const { decimal } = this.config;
    const height = Math.round(Math.min(420, Math.max(260, width * 0.6)));
    this.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const lines = this.titleLines(title, width - 16);
    const top = 12 + 18 * lines.length;
    const countTicks = ticks(0, Math.max(...counts, 1), height, 50, decimal);
    const longest = Math.max(...countTicks.map(([, label]) => label.length));
    const left = 34 + 7.5 * longest;
    const bottom = height - 48;
    const right = width - 14;
    const yMax = Math.max(Math.max(...counts), countTicks.at(-1)[0]) * 1.04 || 1;
    const xAt = (value) => left + ((value - low) / (high - low)) * (right - left);
    const yAt = (count) => bottom - (count / yMax) * (bottom - top);

    const barWidth = (right - left) / BINS;
    this.rects.forEach((rect, bin) => {
      rect.setAttribute("x", (left + bin * barWidth).toFixed(2));
      rect.setAttribute("width", barWidth.toFixed(2));
      rect.setAttribute("y", yAt(counts[bin]).toFixed(2));
      rect.setAttribute("height", (bottom - yAt(counts[bin])).toFixed(2));
    });

    this.axes.replaceChildren();
    const axis = (x1, y1, x2, y2) => element("line", { x1, y1, x2, y2, class: "bn-explorer__axis" }, this.axes);
    axis(left, bottom, right, bottom);
    axis(left, bottom, left, top);
    for (const [value, label] of ticks(low, high, right - left, 70, decimal)) {
      const x = xAt(value).toFixed(2);
      axis(x, bottom, x, bottom + 5);
      text(this.axes, x, bottom + 19, label, { "text-anchor": "middle", class: "bn-explorer__tick" });
    }
    for (const [value, label] of countTicks) {
      const y = yAt(value).toFixed(2);
      axis(left - 5, y, left, y);
      text(this.axes, left - 8, y, label, { "text-anchor": "end", "dominant-baseline": "middle", class: "bn-explorer__tick" });
    }
    text(this.axes, (left + right) / 2, height - 8, this.config.xlabel, { "text-anchor": "middle" });
    const middle = ((top + bottom) / 2).toFixed(2);
    text(this.axes, 16, middle, this.config.ylabel, {
      "text-anchor": "middle", "dominant-baseline": "middle", transform: `rotate(-90 16 ${middle})`,
    });
  }

  // The title on one line, or on two (split at the comma nearest its middle) if too long.
  titleLines(title, room) {
    this.title.replaceChildren(title);
    const length = this.title.getComputedTextLength() || title.length * 8;
    let lines = [title];
    const commas = [...title.matchAll(/, /g)].map((match) => match.index);
    if (length > room && commas.length) {
      const cut = commas.reduce((best, index) => (Math.abs(index - title.length / 2) < Math.abs(best - title.length / 2) ? index : best));
      lines = [title.slice(0, cut + 1), title.slice(cut + 2)];
    }
    this.title.replaceChildren();
    lines.forEach((line, index) => {
      const span = element("tspan", { x: "50%", y: 20 + 18 * index }, this.title);
      span.textContent = line;
    });
    return lines;
  }
}

// ---- The explorer --------------------------------------------------------------------------

function explore(root, config, batch) {
  const { x } = batch;
  const form = root.querySelector(".bn-explorer__controls");
  const figure = root.querySelector(".bn-explorer__figure");
  const stats = root.querySelector(".bn-explorer__stats");
  const output = stats.querySelector("output");
  const prepared = {
    whole: prepareWhole(x, batch.whole),
    feature: prepareFeatures(x, batch.feature),
  };
  const y = new Float64Array(x.length);
  const params = Object.fromEntries(["gamma", "beta"].map((name) => [name, {
    range: form.querySelector(`#bn-${name}-range`),
    number: form.querySelector(`#bn-${name}`),
    message: form.querySelector(`#bn-${name}-invalid`),
  }]));
  // Start from what the form shows (a browser may restore it when the reader comes back).
  const state = { mode: form.querySelector("input[name='bn-mode']:checked")?.value ?? "whole" };
  for (const [name, param] of Object.entries(params)) {
    const value = param.number.valueAsNumber;
    state[name] = Number.isFinite(value) ? value : Number(param.range.value);
    param.number.value = String(state[name]);
    param.range.value = String(state[name]);
  }

  const chart = new Chart(config);
  let width = 0;
  const measure = () => Math.round(Math.min(800, Math.max(280, figure.clientWidth || 640)));

  function redraw() {
    const { gamma, beta } = state;
    transform(prepared, state.mode, gamma, beta, y);
    const numbers = summary(y);
    const line = fill(config.summary, Object.fromEntries(
      ["min", "max", "mean", "var"].map((key) => [key, formatNumber(numbers[key], config.decimal)]),
    ));
    output.textContent = line;
    chart.svg.setAttribute("aria-label", fill(config.chart, {
      gamma: formatShort(gamma, config.decimal),
      beta: formatShort(beta, config.decimal),
      mode: config.modes[state.mode],
      summary: line,
    }));
    let [low, high] = [numbers.min, numbers.max];
    if (!Number.isFinite(low) || !Number.isFinite(high)) [low, high] = [0, 1]; // overflow: no bars
    else if (low === high) [low, high] = [low - 0.5, high + 0.5];
    const counts = Number.isFinite(numbers.min + numbers.max) ? histogram(y, low, high, BINS) : new Array(BINS).fill(0);
    width = measure();
    chart.draw(width, line, counts, low, high);
  }

  function setValid(param, valid) {
    param.number.setCustomValidity(valid ? "" : config.invalid);
    param.message.textContent = valid ? "" : config.invalid;
    if (valid) param.number.removeAttribute("aria-invalid");
    else param.number.setAttribute("aria-invalid", "true");
  }

  form.addEventListener("submit", (event) => event.preventDefault()); // Enter in a number field
  form.addEventListener("input", (event) => {
    const target = event.target;
    if (target.name === "bn-mode") {
      state.mode = target.value;
      redraw();
      return;
    }
    for (const [name, param] of Object.entries(params)) {
      if (target === param.range) {
        state[name] = Number(param.range.value);
        param.number.value = param.range.value;
        setValid(param, true);
        redraw();
      } else if (target === param.number) {
        const value = param.number.valueAsNumber; // NaN when empty or not a number
        if (!Number.isFinite(value)) {
          setValid(param, false); // keep the last good drawing
          return;
        }
        setValid(param, true);
        state[name] = value;
        param.range.value = String(value); // the slider clamps and rounds; the number rules
        redraw();
      }
    }
  });

  // The static figure: its pictures (one per colour scheme) in their lightbox link.
  const image = figure.querySelector("img");
  (image.closest("a") ?? image).replaceWith(chart.svg);
  const caption = figure.querySelector("figcaption");
  if (caption && config.caption) caption.textContent = config.caption;
  form.hidden = false;
  stats.hidden = false;
  root.classList.add("bn-explorer--live");
  redraw();
  if ("ResizeObserver" in window) {
    new ResizeObserver(() => {
      if (measure() !== width) redraw();
    }).observe(figure);
  }
}
