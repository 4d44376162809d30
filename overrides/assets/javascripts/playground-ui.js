// The Figure 1 playground's page side: controls, live charts, progress (markup:
// sitebuild/macros/playground.py; loaded by playground.js when the reader nears it).
//
// Two Web Workers train the two networks (playground-worker.js), so this thread only reads
// the form, keeps the evaluations the workers send and redraws the charts a few times a
// second with chart.js. Numbers are read and written in the page's notation (a decimal comma
// in Italian; the fields are text fields, so a browser in another language does not impose
// its own); a field that does not hold a valid value is marked with the page's message and
// nothing starts until it does.

import { Chart, fill, formatNumber, formatShort } from "./chart.js";

const REDRAW = 250; // ms between two redraws while training
const ANNOUNCEMENTS = 5; // progress read out every fifth of the run, not at every step
const PERCENTILES = [15, 50, 85];

/** Load the stylesheets, the data and the workers, then show the playground in `root`. */
export async function open(root, config) {
  const status = root.querySelector(".bn-playground__status");
  status.textContent = config.strings.loading;
  let workers;
  try {
    const [bytes] = await Promise.all([fetchBytes(config.data), ...config.stylesheets.map(loadStylesheet)]);
    workers = await Promise.all([0, 1].map(() => startWorker(config.worker, bytes)));
  } catch (error) {
    status.textContent = config.strings.error;
    console.warn("Figure 1 playground:", error);
    return null;
  }
  const playground = new Playground(root, config, workers);
  playground.show();
  return playground;
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

function loadStylesheet(href) {
  return new Promise((resolve) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.onload = link.onerror = () => resolve(); // unstyled is still usable
    document.head.append(link);
  });
}

function startWorker(url, bytes) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { type: "module" });
    worker.onmessage = ({ data }) => {
      if (data.type === "ready") resolve(worker);
      else if (data.type === "error") reject(new Error(data.message));
    };
    worker.onerror = (event) => reject(new Error(event.message || `${url} failed to start`));
    const copy = bytes.slice(0);
    worker.postMessage({ type: "data", bytes: copy }, [copy]);
  });
}

/**
 * A number as the reader writes it: "0,1" or "0.1" in Italian (where "1.000" is a thousand),
 * "0.1" or "1,000" in English; a true minus sign is accepted. NaN if it is not a number.
 */
export function parseNumber(text, decimal) {
  const group = decimal === "," ? "." : ",";
  let value = String(text).trim().replace(/\u2212/g, "-").replace(/[\s\u00a0\u202f']/g, "");
  const escape = (char) => `\\${char}`;
  const grouped = new RegExp(`^[+-]?\\d{1,3}(${escape(group)}\\d{3})+(${escape(decimal)}\\d*)?$`);
  if (grouped.test(value)) value = value.split(group).join("");
  if (decimal !== ".") value = value.replace(decimal, ".");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value)) return NaN;
  return Number(value);
}

class Playground {
  constructor(root, config, workers) {
    this.root = root;
    this.config = config;
    this.strings = config.strings;
    this.decimal = config.decimal;
    this.workers = workers;
    this.form = root.querySelector(".bn-playground__controls");
    this.status = root.querySelector(".bn-playground__status");
    this.chartsBox = root.querySelector(".bn-playground__charts");
    this.startButton = root.querySelector("#bn-pg-start");
    this.speed = root.querySelector(".bn-playground__speed");
    this.state = "idle"; // idle, running, paused, done
    this.runId = 0;
    this.runs = null;
    this.settings = null;
    this.timer = null;
    this.announced = 0;
    const limits = config.limits;
    const integer = ([low, high]) => (value) => (Number.isInteger(value) && value >= low && value <= high
      ? null
      : fill(this.strings.invalid_integer, { min: this.formatInteger(low), max: this.formatInteger(high) }));
    const positive = (value) => (Number.isFinite(value) && value > 0 ? null : this.strings.invalid_positive);
    this.fields = {
      "lr-1": positive, "std-1": positive, "lr-2": positive, "std-2": positive,
      batch: integer(limits.batch_size), steps: integer(limits.steps), seed: integer(limits.seed),
      momentum: (value) => (Number.isFinite(value) && value > 0 && value <= 1 ? null : this.strings.invalid_momentum),
    };
    const panels = root.querySelectorAll(".bn-playground__panel");
    this.panels = [...panels].map((panel) => {
      const chart = new Chart("bn-playground");
      panel.querySelector(".bn-playground__plot").append(chart.svg);
      return { panel, chart, title: panel.querySelector(".bn-playground__title"), legend: panel.querySelector(".bn-playground__legend") };
    });
    workers.forEach((worker, index) => {
      worker.onmessage = ({ data }) => this.receive(index, data);
      worker.onerror = (event) => this.fail(event.message);
    });
    root.bnPlayground = this; // for the tests and the benchmark: state, runs, rates()
  }

  show() {
    this.form.addEventListener("submit", (event) => event.preventDefault()); // Enter in a field
    this.form.addEventListener("input", (event) => {
      if (event.target.name in this.fields) this.check(event.target.name);
      if (this.state === "idle") this.draw(); // the charts show the settings a start would use
    });
    this.form.addEventListener("change", () => {
      if (this.state === "idle") this.draw();
    });
    this.startButton.addEventListener("click", () => this.toggle());
    this.root.querySelector("#bn-pg-reset").addEventListener("click", () => this.reset());
    this.root.querySelector("#bn-pg-defaults").addEventListener("click", () => this.restoreDefaults());
    this.form.hidden = false;
    this.chartsBox.hidden = false;
    this.root.classList.add("bn-playground--live");
    this.setState("idle");
    this.status.textContent = this.strings.ready;
    this.draw();
    if ("ResizeObserver" in window) {
      let width = this.chartsBox.clientWidth;
      new ResizeObserver(() => {
        if (this.chartsBox.clientWidth !== width) {
          width = this.chartsBox.clientWidth;
          this.draw();
        }
      }).observe(this.chartsBox);
    }
  }

  // ---- Settings ----------------------------------------------------------------------------

  input(name) {
    return this.form.querySelector(`[name="${name}"]`);
  }

  formatInteger(value) {
    return formatNumber(value, this.decimal, 0, true);
  }

  // Validate field `name`: mark it and return its value, or null.
  check(name) {
    const input = this.input(name);
    const value = parseNumber(input.value, this.decimal);
    const message = this.fields[name](value);
    input.setCustomValidity(message ?? "");
    this.root.querySelector(`#bn-pg-${name}-invalid`).textContent = message ?? "";
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    return message ? null : value;
  }

  // The form's settings, or null (every invalid field marked) if one is not valid.
  read() {
    const values = {};
    let valid = true;
    for (const name of Object.keys(this.fields)) {
      values[name] = this.check(name);
      if (values[name] === null) valid = false;
    }
    if (!valid) return null;
    return {
      steps: values.steps,
      batchSize: values.batch,
      seed: values.seed,
      momentum: values.momentum,
      evaluation: this.input("evaluation").value,
      networks: [1, 2].map((n) => ({
        batchNorm: this.input(`bn-${n}`).checked,
        placement: this.input(`placement-${n}`).value,
        learningRate: values[`lr-${n}`],
        initStd: values[`std-${n}`],
      })),
    };
  }

  // What the charts describe: the run's settings, or the form's (its valid parts) before one.
  shown() {
    if (this.settings) return this.settings;
    const steps = parseNumber(this.input("steps").value, this.decimal);
    return {
      steps: this.fields.steps(steps) ? this.config.defaults.steps : steps,
      evaluation: this.input("evaluation").value,
      networks: [1, 2].map((n) => ({ batchNorm: this.input(`bn-${n}`).checked, placement: this.input(`placement-${n}`).value })),
    };
  }

  restoreDefaults() {
    const { defaults } = this.config;
    const set = (name, value) => {
      this.input(name).value = formatShort(value, this.decimal);
    };
    set("batch", defaults.batch_size);
    set("steps", defaults.steps);
    set("seed", defaults.seed);
    set("momentum", defaults.momentum);
    this.input("evaluation").value = defaults.evaluation;
    defaults.networks.forEach((network, index) => {
      const n = index + 1;
      this.input(`bn-${n}`).checked = network.batch_norm;
      this.input(`placement-${n}`).value = network.placement;
      set(`lr-${n}`, network.learning_rate);
      set(`std-${n}`, network.init_std);
    });
    for (const name of Object.keys(this.fields)) this.check(name);
    if (this.state === "idle") this.draw();
  }

  // ---- Training ----------------------------------------------------------------------------

  toggle() {
    if (this.state === "running") this.pause();
    else if (this.state === "paused") this.resume();
    else this.start();
  }

  start() {
    const settings = this.read();
    if (!settings) {
      this.status.textContent = this.strings.invalid_form;
      this.form.querySelector("[aria-invalid='true']")?.focus();
      return;
    }
    this.runId++;
    this.settings = settings;
    this.runs = settings.networks.map((network) => ({ network, evaluations: [], step: 0, done: false, busy: 0 }));
    this.announced = 0;
    settings.networks.forEach((network, index) => {
      this.workers[index].postMessage({
        type: "start",
        id: this.runId,
        settings: {
          seed: settings.seed, steps: settings.steps, batchSize: settings.batchSize,
          evaluation: settings.evaluation, momentum: settings.momentum, unit: 0, ...network,
        },
      });
    });
    this.setState("running");
    this.status.textContent = fill(this.strings.progress, { step: "0", steps: this.formatInteger(settings.steps), networks: "" }).trim();
    this.draw();
  }

  pause() {
    for (const worker of this.workers) worker.postMessage({ type: "pause" });
    this.setState("paused");
    this.status.textContent = this.progressText(this.strings.paused);
    this.draw();
  }

  resume() {
    for (const worker of this.workers) worker.postMessage({ type: "resume" });
    this.setState("running");
  }

  reset() {
    for (const worker of this.workers) worker.postMessage({ type: "stop" });
    this.runId++; // whatever is still on its way belongs to the old run
    this.runs = null;
    this.settings = null;
    this.setState("idle");
    this.status.textContent = this.strings.reset_done;
    if (this.speed) this.speed.textContent = "";
    this.draw();
  }

  finish() {
    this.setState("done");
    this.status.textContent = this.progressText(this.strings.finished);
    this.draw();
  }

  fail(message) {
    console.warn("Figure 1 playground:", message);
    for (const worker of this.workers) worker.postMessage({ type: "stop" });
    this.runId++;
    this.setState("idle");
    this.status.textContent = this.strings.error;
  }

  setState(state) {
    this.state = state;
    clearInterval(this.timer);
    this.timer = state === "running" ? setInterval(() => this.tick(), REDRAW) : null;
    const label = { running: this.strings.pause, paused: this.strings.resume }[state] ?? this.strings.start;
    this.startButton.textContent = label;
    this.root.dataset.state = state;
  }

  receive(index, message) {
    if (message.type === "error") {
      this.fail(message.message);
      return;
    }
    if (message.type !== "progress" || message.id !== this.runId || !this.runs) return;
    const run = this.runs[index];
    run.evaluations.push(...message.evaluations);
    run.step = message.step;
    run.done = message.done;
    run.busy = message.busy;
    this.dirty = true;
    if (this.state === "running" && this.runs.every((each) => each.done)) this.finish();
  }

  /** Steps per second of each network while it trained (pauses left out). */
  rates() {
    return (this.runs ?? []).map((run) => (run.busy > 0 ? (1000 * run.step) / run.busy : 0));
  }

  tick() {
    if (this.dirty) {
      this.dirty = false;
      this.draw();
    }
    if (this.speed && this.runs) {
      const rate = Math.min(...this.rates());
      if (rate > 0) this.speed.textContent = fill(this.strings.speed, { rate: formatNumber(rate, this.decimal, 0, true) });
    }
    // Read the progress out every fifth of the run (the status line is aria-live).
    const step = Math.min(...this.runs.map((run) => run.step));
    const next = Math.floor(((this.announced + 1) * this.settings.steps) / ANNOUNCEMENTS);
    if (step >= next && step < this.settings.steps) {
      this.announced = Math.floor((step * ANNOUNCEMENTS) / this.settings.steps);
      this.status.textContent = this.progressText(this.strings.progress);
    }
  }

  // ---- Text --------------------------------------------------------------------------------

  percent(value) {
    return `${formatNumber(100 * value, this.decimal, 1)}%`;
  }

  description(network) {
    if (!network.batchNorm) return this.strings.without_bn;
    return network.placement === "after" ? this.strings.with_bn_after : this.strings.with_bn_before;
  }

  // A status sentence: the step both networks have reached and their latest accuracies.
  progressText(template) {
    const step = Math.min(...this.runs.map((run) => run.step));
    const networks = this.runs.map((run, index) => {
      const last = run.evaluations.at(-1);
      if (!last) return "";
      const batch = run.network.batchNorm ? fill(this.strings.progress_batch, { accuracy: this.percent(last.batchAccuracy) }) : "";
      return fill(this.strings.progress_network, { n: index + 1, accuracy: this.percent(last.accuracy), batch });
    }).filter(Boolean).join(" ");
    return fill(template, { step: this.formatInteger(step), steps: this.formatInteger(this.settings.steps), networks }).trim();
  }

  // ---- Charts ------------------------------------------------------------------------------

  draw() {
    const settings = this.shown();
    const runs = this.runs ?? [];
    const decimal = this.decimal;
    const s = this.strings;
    const [accuracy, ...spreads] = this.panels;
    const width = (panel) => Math.round(Math.min(900, Math.max(260, panel.panel.clientWidth || 640)));

    // (a) Test accuracy of both networks: the chosen statistics solid, the test batch's dashed.
    const w = width(accuracy);
    const frame = accuracy.chart.frame({
      width: w, height: Math.round(Math.min(340, Math.max(220, w * 0.5))), decimal,
      x: { low: 0, high: settings.steps }, y: { low: 0, high: 1 }, xlabel: s.steps_axis, ylabel: s.accuracy,
    });
    const series = [];
    runs.forEach((run, index) => {
      const net = `bn-playground__line--net${index + 1}`;
      series.push({ points: run.evaluations.map((e) => [e.step, e.accuracy]), className: net });
      if (run.network.batchNorm) {
        series.push({ points: run.evaluations.map((e) => [e.step, e.batchAccuracy]), className: `${net} bn-playground__line--batch` });
      }
    });
    accuracy.chart.lines(series, frame);
    accuracy.title.textContent = s.accuracy_title;
    const legend = [];
    settings.networks.forEach((network, index) => {
      const n = index + 1;
      const net = `bn-playground__swatch--net${n}`;
      if (network.batchNorm) {
        legend.push([net, fill(settings.evaluation === "running" ? s.legend_running : s.legend_eval, { n })]);
        legend.push([`${net} bn-playground__swatch--batch`, fill(s.legend_batch, { n })]);
      } else {
        legend.push([net, fill(s.legend_plain, { n, description: this.description(network) })]);
      }
    });
    this.fillLegend(accuracy.legend, legend);
    const latest = runs.map((run, index) => {
      const last = run.evaluations.at(-1);
      return last ? `${fill(s.network, { n: index + 1 })} ${this.percent(last.accuracy)}` : null;
    });
    const lastStep = Math.min(...runs.map((run) => run.evaluations.at(-1)?.step ?? -1));
    const summary = latest.length && latest.every(Boolean)
      ? fill(s.chart_latest, { step: this.formatInteger(lastStep), values: latest.join(", ") })
      : s.chart_empty;
    accuracy.chart.svg.setAttribute("aria-label", fill(s.accuracy_chart, { summary }));

    // (b, c) The 15th, 50th and 85th percentiles of one sigmoid's input, on one scale.
    let low = Infinity;
    let high = -Infinity;
    for (const run of runs) {
      for (const { percentiles } of run.evaluations) {
        low = Math.min(low, percentiles[0]);
        high = Math.max(high, percentiles[2]);
      }
    }
    if (!Number.isFinite(low) || !Number.isFinite(high)) [low, high] = [-1, 1];
    const pad = Math.max((high - low) * 0.08, 0.05);
    [low, high] = [low - pad, high + pad];
    spreads.forEach((panel, index) => {
      const network = settings.networks[index];
      const description = this.description(network);
      const spreadWidth = width(panel);
      const spreadFrame = panel.chart.frame({
        width: spreadWidth, height: Math.round(Math.min(300, Math.max(200, spreadWidth * 0.45))), decimal,
        x: { low: 0, high: settings.steps }, y: { low, high }, xlabel: s.steps_axis, ylabel: s.sigmoid_input,
      });
      const evaluations = runs[index]?.evaluations ?? [];
      panel.chart.lines(PERCENTILES.map((p, k) => ({
        points: evaluations.map((e) => [e.step, e.percentiles[k]]),
        className: `bn-playground__line--p${p}`,
      })), spreadFrame);
      panel.title.textContent = fill(s.spread_title, { panel: "bc"[index], n: index + 1, description });
      this.fillLegend(panel.legend, PERCENTILES.map((p) => [`bn-playground__swatch--p${p}`, fill(s.percentile, { p })]));
      const last = evaluations.at(-1);
      const values = last ? last.percentiles.map((value) => formatNumber(value, decimal)).join(", ") : null;
      panel.chart.svg.setAttribute("aria-label", fill(s.spread_chart, {
        n: index + 1, description,
        summary: last ? fill(s.chart_latest, { step: this.formatInteger(last.step), values }) : s.chart_empty,
      }));
    });
  }

  fillLegend(list, entries) {
    const text = entries.map(([, label]) => label).join("\n");
    if (list.dataset.text === text) return;
    list.dataset.text = text;
    list.replaceChildren(...entries.map(([className, label]) => {
      const item = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = `bn-playground__swatch ${className}`;
      swatch.setAttribute("aria-hidden", "true");
      item.append(swatch, label);
      return item;
    }));
  }
}
