// The Figure 1 playground's training: the library's train_digits (figure1.py), in float32.
//
// No DOM here: playground-worker.js runs it in a Web Worker, and the tests run it in Node
// too. The network is section 4.1's, 64 → 3 × 100 sigmoid units → 10, with the library's
// arithmetic in the library's order: Float32Array storage, matrix products row by row
// (i-k-j), the sigmoid 1 / (1 + exp(−x)), the softmax shifted by its row's maximum,
// Algorithm 1 with the batch's mean and biased variance in two passes, and the backward pass
// of section 3 in the collected form of figure1.py. BLAS sums in another order, so the
// numbers agree to float32 rounding, not bit for bit. Initial weights, the split and the
// mini-batches come from rng.js, NumPy's generator replayed: the same as the library's.

import { Generator } from "./rng.js";

export const HIDDEN = [100, 100, 100];
export const CLASSES = 10;
export const PERCENTILES = [15, 50, 85];
export const EPS = 1e-5;
export const POINTS = 50; // evaluations per run, besides step 0: every 100 steps of 5,000

const f32 = Math.fround;

/** Parse the data file (scripts/playground_data.py documents its layout; already gunzipped). */
export function parseData(buffer) {
  const view = new DataView(buffer);
  const magic = String.fromCharCode(...new Uint8Array(buffer, 0, 4));
  if (magic !== "BNPG" || view.getUint32(4, true) !== 1) throw new Error("not a playground data file of version 1");
  const [count, features, trainSize, layers] = [8, 12, 16, 20].map((offset) => view.getUint32(offset, true));
  let offset = 24;
  const pixels = new Uint8Array(buffer, offset, count * features);
  offset += count * features;
  const labels = new Uint8Array(buffer, offset, count);
  offset += count;
  offset += (8 - (offset % 8)) % 8;
  if (buffer.byteLength !== offset + 16 * layers) throw new Error("the playground data file has the wrong length");
  const wi = new Float64Array(layers);
  const ki = new Float64Array(layers);
  for (let i = 0; i < layers; i++) {
    wi[i] = view.getFloat64(offset + 8 * i, true);
    const at = offset + 8 * (layers + i);
    ki[i] = view.getUint32(at + 4, true) * 4294967296 + view.getUint32(at, true);
  }
  return { pixels, labels, count, features, trainSize, tables: { wi, ki } };
}

/** load_digit_split(seed): the images shuffled by default_rng(seed), scaled to [0, 1]. */
export function split(data, seed) {
  const { pixels, labels, count, features, trainSize } = data;
  const order = new Generator(seed).permutation(count);
  const images = new Float32Array(count * features);
  const shuffled = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const source = order[i];
    for (let k = 0; k < features; k++) images[i * features + k] = pixels[source * features + k] / 16; // exact in float32
    shuffled[i] = labels[source];
  }
  return {
    features,
    train: { x: images.subarray(0, trainSize * features), y: shuffled.subarray(0, trainSize), count: trainSize },
    test: { x: images.subarray(trainSize * features), y: shuffled.subarray(trainSize), count: count - trainSize },
  };
}

/** How often a run of `steps` steps is evaluated: every 100 steps of the build's 5,000. */
export function evaluationInterval(steps) {
  return Math.max(1, Math.round(steps / POINTS));
}

/** np.percentile(values, p) with its default linear interpolation. */
export function percentile(sorted, p) {
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(sorted.length - 1, below + 1);
  const t = rank - below;
  const difference = sorted[above] - sorted[below];
  return t >= 0.5 ? sorted[above] - difference * (1 - t) : sorted[below] + difference * t;
}

// The matrix products keep Float32Array storage and sum each output in a float64 row, four
// terms at a time: fewer float32 loads and stores than one term at a time, and no less exact.
const row64 = new Float64Array(128);

// out (m × n) = a (m × k) · b (k × n), i-k-j; groups of zero inputs (blank pixels) skipped.
function multiply(a, b, out, m, k, n) {
  const acc = row64;
  for (let i = 0; i < m; i++) {
    acc.fill(0, 0, n);
    const start = i * k;
    let p = 0;
    for (; p + 4 <= k; p += 4) {
      const v0 = a[start + p];
      const v1 = a[start + p + 1];
      const v2 = a[start + p + 2];
      const v3 = a[start + p + 3];
      if (v0 === 0 && v1 === 0 && v2 === 0 && v3 === 0) continue;
      const c0 = p * n;
      const c1 = c0 + n;
      const c2 = c1 + n;
      const c3 = c2 + n;
      for (let j = 0; j < n; j++) acc[j] += v0 * b[c0 + j] + v1 * b[c1 + j] + v2 * b[c2 + j] + v3 * b[c3 + j];
    }
    for (; p < k; p++) {
      const value = a[start + p];
      const column = p * n;
      for (let j = 0; j < n; j++) acc[j] += value * b[column + j];
    }
    const row = i * n;
    for (let j = 0; j < n; j++) out[row + j] = acc[j];
  }
}

// out (m × k) = a (m × n) · bᵀ, b (k × n): b transposed once, then the i-k-j product, which
// runs faster than k·m dot products.
let transposed = new Float32Array(0);
function multiplyTransposed(a, b, out, m, n, k) {
  if (transposed.length < k * n) transposed = new Float32Array(k * n);
  for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) transposed[j * k + p] = b[p * n + j];
  multiply(a, transposed, out, m, n, k);
}

function sigmoid(x, out, length) {
  for (let i = 0; i < length; i++) out[i] = 1 / (1 + f32(Math.exp(-x[i])));
}

/**
 * The section 4.1 network: its weights, forward pass and gradient step.
 *
 * options: inputs, initStd, batchNorm, placement ("before" or "after" the sigmoid),
 * momentum (null: Algorithm 2's population statistics; a number: running averages),
 * generator (rng.js, already seeded: the weights are its first draws, as in train_digits).
 */
export class Network {
  constructor({ inputs, initStd, batchNorm, placement = "before", momentum = null, generator }) {
    this.sizes = [inputs, ...HIDDEN, CLASSES];
    this.batchNorm = batchNorm;
    this.after = batchNorm && placement === "after";
    this.momentum = momentum;
    this.weights = [];
    this.biases = [];
    for (let layer = 0; layer + 1 < this.sizes.length; layer++) {
      const count = this.sizes[layer] * this.sizes[layer + 1];
      this.weights.push(Float32Array.from(generator.normal(0, initStd, count))); // rng.normal(...).astype(float32)
      this.biases.push(new Float32Array(this.sizes[layer + 1]));
    }
    this.gammas = HIDDEN.map((n) => new Float32Array(n).fill(1));
    this.betas = HIDDEN.map((n) => new Float32Array(n));
    this.running = momentum === null ? null : HIDDEN.map((n) => ({ mean: new Float32Array(n), var: new Float32Array(n).fill(1) }));
    this.buffers = new Map(); // scratch space per batch size
  }

  scratch(m) {
    let buffers = this.buffers.get(m);
    if (!buffers) {
      const make = (n) => new Float32Array(m * n);
      buffers = {
        x: HIDDEN.map(make), // each layer's Wu + b
        xhat: HIDDEN.map(make),
        out: HIDDEN.map(make), // each layer's sigmoid output
        h: HIDDEN.map(make), // each layer's output, the next layer's input
        invStd: HIDDEN.map((n) => new Float32Array(n)),
        logits: make(CLASSES),
        grad: make(Math.max(...this.sizes)),
        gradNext: make(Math.max(...this.sizes)),
      };
      this.buffers.set(m, buffers);
    }
    return buffers;
  }

  // Algorithm 1 on x (m × n) in place of xhat; returns the batch mean and biased variance.
  normalizeBatch(x, xhat, invStd, m, n, layer, training) {
    const mean = new Float32Array(n);
    const variance = new Float32Array(n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) mean[j] += x[i * n + j];
    for (let j = 0; j < n; j++) mean[j] /= m;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const centred = f32(x[i * n + j] - mean[j]);
        xhat[i * n + j] = centred;
        variance[j] += centred * centred;
      }
    }
    for (let j = 0; j < n; j++) {
      variance[j] /= m;
      invStd[j] = 1 / f32(Math.sqrt(f32(variance[j] + EPS)));
    }
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) xhat[i * n + j] *= invStd[j];
    if (training && this.running) {
      const { mean: runningMean, var: runningVar } = this.running[layer];
      const keep = f32(1 - this.momentum);
      const rate = f32(this.momentum);
      const unbiased = f32(m / (m - 1));
      for (let j = 0; j < n; j++) {
        runningMean[j] = f32(runningMean[j] * keep) + f32(rate * mean[j]);
        runningVar[j] = f32(runningVar[j] * keep) + f32(rate * f32(variance[j] * unbiased));
      }
    }
    return { mean, variance };
  }

  // γ x̂ + β into y.
  scaleShift(xhat, y, m, n, layer) {
    const gamma = this.gammas[layer];
    const beta = this.betas[layer];
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) y[i * n + j] = f32(gamma[j] * xhat[i * n + j]) + beta[j];
  }

  // γ (x − mean) / √(var + ε) + β with given statistics (Algorithm 2, step 11) into y.
  normalizeWith(x, y, m, n, layer, stats) {
    const gamma = this.gammas[layer];
    const beta = this.betas[layer];
    const root = Float32Array.from(stats.variance, (v) => Math.sqrt(f32(v + EPS)));
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) y[i * n + j] = f32(f32(gamma[j] * f32(x[i * n + j] - stats.mean[j])) / root[j]) + beta[j];
    }
  }

  // Wu + b for layer `layer` into x.
  linear(input, x, m, layer, bias = true) {
    const [n, k] = [this.sizes[layer + 1], this.sizes[layer]];
    multiply(input, this.weights[layer], x, m, k, n);
    if (bias) {
      const b = this.biases[layer];
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) x[i * n + j] += b[j];
    }
  }

  /** One step of gradient descent on the mean cross-entropy of a mini-batch (x: m × inputs). */
  trainStep(images, labels, m, learningRate) {
    const s = this.scratch(m);
    const rate = f32(learningRate);
    let input = images;
    for (let layer = 0; layer < HIDDEN.length; layer++) {
      const n = HIDDEN[layer];
      this.linear(input, s.x[layer], m, layer);
      if (this.after) {
        sigmoid(s.x[layer], s.out[layer], m * n);
        this.normalizeBatch(s.out[layer], s.xhat[layer], s.invStd[layer], m, n, layer, true);
        this.scaleShift(s.xhat[layer], s.h[layer], m, n, layer);
      } else {
        let z = s.x[layer];
        if (this.batchNorm) {
          this.normalizeBatch(z, s.xhat[layer], s.invStd[layer], m, n, layer, true);
          this.scaleShift(s.xhat[layer], s.h[layer], m, n, layer); // y, the sigmoid's input
          z = s.h[layer];
        }
        sigmoid(z, s.out[layer], m * n);
        s.h[layer].set(s.out[layer].subarray(0, m * n));
      }
      input = s.h[layer];
    }
    // The softmax's gradient: softmax − one-hot, over m.
    const last = HIDDEN.length;
    this.linear(input, s.logits, m, last);
    const grad = s.grad;
    for (let i = 0; i < m; i++) {
      const row = i * CLASSES;
      let max = -Infinity;
      for (let j = 0; j < CLASSES; j++) max = Math.max(max, s.logits[row + j]);
      let sum = 0;
      for (let j = 0; j < CLASSES; j++) {
        grad[row + j] = Math.exp(f32(s.logits[row + j] - max));
        sum = f32(sum + grad[row + j]);
      }
      for (let j = 0; j < CLASSES; j++) grad[row + j] /= sum;
      grad[row + labels[i]] -= 1;
      for (let j = 0; j < CLASSES; j++) grad[row + j] /= m;
    }
    // Back through the layers; each gradient is worked on in place, the next one goes to the
    // other buffer. As in figure1.py, ∂ℓ/∂h below is computed before the weights descend.
    let gradH = s.gradNext;
    multiplyTransposed(grad, this.weights[last], gradH, m, CLASSES, HIDDEN[last - 1]);
    this.descend(last, input, grad, m, rate, true);
    for (let layer = HIDDEN.length - 1; layer >= 0; layer--) {
      const n = HIDDEN[layer];
      const out = s.out[layer];
      const g = gradH;
      if (this.after) { // back through BN, then through the sigmoid
        this.normalizeBackward(g, s.xhat[layer], s.invStd[layer], g, m, n, layer, rate);
        for (let i = 0; i < m * n; i++) g[i] = f32(g[i] * out[i]) * f32(1 - out[i]);
      } else {
        for (let i = 0; i < m * n; i++) g[i] = f32(g[i] * out[i]) * f32(1 - out[i]); // σ′ = σ(1 − σ)
        if (this.batchNorm) this.normalizeBackward(g, s.xhat[layer], s.invStd[layer], g, m, n, layer, rate);
      }
      const next = g === s.grad ? s.gradNext : s.grad;
      if (layer > 0) multiplyTransposed(g, this.weights[layer], next, m, n, this.sizes[layer]);
      this.descend(layer, layer === 0 ? images : s.h[layer - 1], g, m, rate, !this.batchNorm || this.after);
      gradH = next;
    }
  }

  // Section 3, collected: ∂ℓ/∂x = (1/√(σ² + ε)) (g − mean(g) − x̂ · mean(g · x̂)) with
  // g = ∂ℓ/∂y · γ; then γ and β descend. gradY may be out itself.
  normalizeBackward(gradY, xhat, invStd, out, m, n, layer, rate) {
    const gamma = this.gammas[layer];
    const beta = this.betas[layer];
    const gMean = new Float32Array(n);
    const gxMean = new Float32Array(n);
    const gammaGrad = new Float32Array(n);
    const betaGrad = new Float32Array(n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const gy = gradY[i * n + j];
        const x = xhat[i * n + j];
        const g = f32(gy * gamma[j]);
        gMean[j] += g;
        gxMean[j] += f32(g * x);
        gammaGrad[j] += f32(gy * x);
        betaGrad[j] += gy;
      }
    }
    for (let j = 0; j < n; j++) {
      gMean[j] /= m;
      gxMean[j] /= m;
    }
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const g = f32(gradY[i * n + j] * gamma[j]);
        out[i * n + j] = f32(invStd[j] * f32(f32(g - gMean[j]) - f32(xhat[i * n + j] * gxMean[j])));
      }
    }
    for (let j = 0; j < n; j++) {
      gamma[j] -= f32(rate * gammaGrad[j]);
      beta[j] -= f32(rate * betaGrad[j]);
    }
  }

  // W −= rate · (inputsᵀ · grad), and b −= rate · Σ grad: each row of inputsᵀ · grad
  // summed in float64 over the batch, four examples at a time, then descended.
  descend(layer, inputs, grad, m, rate, bias) {
    const [k, n] = [this.sizes[layer], this.sizes[layer + 1]];
    const weights = this.weights[layer];
    const acc = row64;
    for (let p = 0; p < k; p++) {
      acc.fill(0, 0, n);
      let i = 0;
      for (; i + 4 <= m; i += 4) {
        const v0 = inputs[i * k + p];
        const v1 = inputs[(i + 1) * k + p];
        const v2 = inputs[(i + 2) * k + p];
        const v3 = inputs[(i + 3) * k + p];
        if (v0 === 0 && v1 === 0 && v2 === 0 && v3 === 0) continue;
        const g0 = i * n;
        const g1 = g0 + n;
        const g2 = g1 + n;
        const g3 = g2 + n;
        for (let j = 0; j < n; j++) acc[j] += v0 * grad[g0 + j] + v1 * grad[g1 + j] + v2 * grad[g2 + j] + v3 * grad[g3 + j];
      }
      for (; i < m; i++) {
        const value = inputs[i * k + p];
        const g0 = i * n;
        for (let j = 0; j < n; j++) acc[j] += value * grad[g0 + j];
      }
      const row = p * n;
      for (let j = 0; j < n; j++) weights[row + j] -= f32(rate * f32(acc[j]));
    }
    if (bias) {
      const b = this.biases[layer];
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let i = 0; i < m; i++) sum += grad[i * n + j];
        b[j] -= f32(rate * f32(sum));
      }
    }
  }

  /**
   * Algorithm 2's population statistics (steps 8–10): the training set cut into mini-batches
   * of m in order (an incomplete last one left out), each normalized with its own statistics;
   * per layer, the mean of the batch means and m/(m − 1) times the mean of the batch variances.
   */
  populationStatistics(x, count, m) {
    const batches = Math.floor(count / m);
    const stats = HIDDEN.map((n) => ({ mean: new Float64Array(n), variance: new Float64Array(n) }));
    const s = this.scratch(m);
    const z = s.x.map((buffer) => buffer);
    for (let batch = 0; batch < batches; batch++) {
      let input = x.subarray(batch * m * this.sizes[0], (batch + 1) * m * this.sizes[0]);
      for (let layer = 0; layer < HIDDEN.length; layer++) {
        const n = HIDDEN[layer];
        this.linear(input, z[layer], m, layer, this.after);
        let values = z[layer];
        if (this.after) {
          sigmoid(values, s.out[layer], m * n);
          values = s.out[layer];
        }
        const { mean, variance } = this.normalizeBatch(values, s.xhat[layer], s.invStd[layer], m, n, layer, false);
        for (let j = 0; j < n; j++) {
          stats[layer].mean[j] += mean[j];
          stats[layer].variance[j] += variance[j];
        }
        this.scaleShift(s.xhat[layer], s.h[layer], m, n, layer);
        if (!this.after) sigmoid(s.h[layer], s.h[layer], m * n);
        input = s.h[layer];
      }
    }
    return stats.map(({ mean, variance }) => ({
      mean: Float32Array.from(mean, (value) => value / batches),
      variance: Float32Array.from(variance, (value) => f32(value / batches) * f32(m / (m - 1))),
    }));
  }

  /**
   * Test accuracy, and each image's input to sigmoid `unit` of the last hidden layer.
   * stats: per layer {mean, variance} (population or running), or null for the batch's own.
   */
  evaluate(x, labels, count, unit, stats) {
    let input = x;
    const inputs = new Float32Array(count);
    for (let layer = 0; layer < HIDDEN.length; layer++) {
      const n = HIDDEN[layer];
      const z = new Float32Array(count * n);
      const h = new Float32Array(count * n);
      this.linear(input, z, count, layer);
      let sigmoidInput = z;
      if (this.after) {
        const out = new Float32Array(count * n);
        sigmoid(z, out, count * n);
        this.normalizeInto(out, h, count, n, layer, stats);
      } else {
        if (this.batchNorm) {
          sigmoidInput = new Float32Array(count * n);
          this.normalizeInto(z, sigmoidInput, count, n, layer, stats);
        }
        sigmoid(sigmoidInput, h, count * n);
      }
      if (layer === HIDDEN.length - 1) for (let i = 0; i < count; i++) inputs[i] = sigmoidInput[i * n + unit];
      input = h;
    }
    const logits = new Float32Array(count * CLASSES);
    this.linear(input, logits, count, HIDDEN.length);
    let correct = 0;
    for (let i = 0; i < count; i++) {
      let best = 0;
      for (let j = 1; j < CLASSES; j++) if (logits[i * CLASSES + j] > logits[i * CLASSES + best]) best = j;
      if (best === labels[i]) correct++;
    }
    return { accuracy: correct / count, correct, inputs };
  }

  normalizeInto(z, y, count, n, layer, stats) {
    if (stats) this.normalizeWith(z, y, count, n, layer, stats[layer]);
    else {
      const xhat = new Float32Array(count * n);
      this.normalizeBatch(z, xhat, new Float32Array(n), count, n, layer, false);
      this.scaleShift(xhat, y, count, n, layer);
    }
  }
}

/**
 * One training run, as train_digits makes it: settings {seed, steps, batchSize, learningRate,
 * initStd, batchNorm, placement, evaluation: "population" | "running", momentum, unit}.
 */
export class Run {
  constructor(data, settings) {
    this.settings = settings;
    this.set = split(data, settings.seed);
    this.generator = new Generator(settings.seed, data.tables);
    const running = settings.batchNorm && settings.evaluation === "running";
    this.network = new Network({
      inputs: this.set.features,
      initStd: settings.initStd,
      batchNorm: settings.batchNorm,
      placement: settings.placement,
      momentum: running ? settings.momentum : null,
      generator: this.generator,
    });
    this.step = 0;
    this.every = evaluationInterval(settings.steps);
    const m = settings.batchSize;
    this.batchX = new Float32Array(m * this.set.features);
    this.batchY = new Uint8Array(m);
  }

  get done() {
    return this.step >= this.settings.steps;
  }

  /** Whether the run evaluates at its current step (before training on that step's batch). */
  get evaluatesNow() {
    return this.step % this.every === 0 || this.step === this.settings.steps;
  }

  /** Evaluate at the current step: {step, accuracy, batchAccuracy, percentiles}. */
  evaluate() {
    const { network, set, settings } = this;
    let stats = null;
    if (network.batchNorm) {
      stats = network.running
        ? network.running.map(({ mean, var: variance }) => ({ mean, variance }))
        : network.populationStatistics(set.train.x, set.train.count, settings.batchSize);
    }
    const result = network.evaluate(set.test.x, set.test.y, set.test.count, settings.unit ?? 0, stats);
    const batch = network.batchNorm ? network.evaluate(set.test.x, set.test.y, set.test.count, 0, null) : result;
    const sorted = Float64Array.from(result.inputs).sort();
    return {
      step: this.step,
      accuracy: result.accuracy,
      batchAccuracy: batch.accuracy,
      percentiles: PERCENTILES.map((p) => percentile(sorted, p)),
    };
  }

  /** Train on the next mini-batch: rng.integers(0, train, m), as train_digits draws it. */
  train() {
    const { set, settings } = this;
    const m = settings.batchSize;
    const features = set.features;
    const indices = this.generator.integers(0, set.train.count, m);
    for (let i = 0; i < m; i++) {
      const source = indices[i];
      this.batchX.set(set.train.x.subarray(source * features, (source + 1) * features), i * features);
      this.batchY[i] = set.train.y[source];
    }
    this.network.trainStep(this.batchX, this.batchY, m, settings.learningRate);
    this.step++;
  }
}
