// The γ/β explorer on the transform page (its markup: sitebuild/macros/explorer.py).
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
// The axes, ticks and bars are drawn by chart.js, the site's one chart module.

import { Chart, element, fill, formatNumber, formatShort, ticks } from "./chart.js";

const BINS = 50; // as describe_batch's hist(bins=50)
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

// ---- The live chart ------------------------------------------------------------------------

class Histogram {
  constructor(config) {
    this.config = config;
    this.chart = new Chart("bn-explorer");
    this.svg = this.chart.svg;
    this.title = element("text", { class: "bn-explorer__title", "text-anchor": "middle" });
    this.svg.prepend(this.title);
  }

  // Draw counts of values from low to high into a `width`-pixel-wide chart, titled `title`.
  draw(width, title, counts, low, high) {
    const { decimal } = this.config;
    const height = Math.round(Math.min(420, Math.max(260, width * 0.6)));
    this.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const lines = this.titleLines(title, width - 16);
    const countTicks = ticks(0, Math.max(...counts, 1), height, 50, decimal);
    const yMax = Math.max(Math.max(...counts), countTicks.at(-1)[0]) * 1.04 || 1;
    const frame = this.chart.frame({
      width, height, top: 12 + 18 * lines.length, decimal,
      x: { low, high }, y: { low: 0, high: yMax, ticks: countTicks },
      xlabel: this.config.xlabel, ylabel: this.config.ylabel,
    });
    this.chart.bars(counts, frame);
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

  const chart = new Histogram(config);
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
