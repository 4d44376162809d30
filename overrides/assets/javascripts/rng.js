// NumPy's default random generator, np.random.default_rng(seed), draw for draw.
//
// The Figure 1 playground starts from the library's own initial weights and sees the library's
// own mini-batches for any seed the reader types, without shipping them: it replays the
// generator that made them. The parts train_digits and load_digit_split use:
// - SeedSequence(seed): the seed's 32-bit words hashed into a pool of 4 words, then
//   generate_state(4, uint64);
// - PCG64 seeded with those 4 words: a 128-bit LCG with NumPy's multiplier, XSL-RR output,
//   and next_uint32 serving the low then the high half of one 64-bit output;
// - Generator.integers(0, n, size) for int64: Lemire's bounded method on 32-bit draws
//   (n ≤ 2³²), Generator.permutation(n): a Fisher–Yates shuffle of arange(n) with
//   random_interval's masked rejection;
// - Generator.normal(loc, scale, size): loc + scale · standard_normal, NumPy's 256-layer
//   ziggurat, whose layer table (wi and ki) comes with the playground's data: the build reads
//   it from the NumPy it trains with (scripts/playground_data.py). fi, the density at each
//   layer's edge, follows from wi.
// The 128-bit state is a BigInt; 64-bit outputs are handed on as two 32-bit halves.

const MASK64 = (1n << 64n) - 1n;
const MASK128 = (1n << 128n) - 1n;
const MULTIPLIER = (0x2360ed051fc65da4n << 64n) | 0x4385df649fccf645n; // PCG_DEFAULT_MULTIPLIER_128
const TWO_32 = 4294967296;
const TWO_52 = 4503599627370496;
const TWO_M53 = 1 / 9007199254740992;

// SeedSequence's hash constants (numpy/random/bit_generator.pyx).
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const POOL_SIZE = 4;

// The tail of the ziggurat: its base layer starts at r (ziggurat_nor_r).
const ZIGGURAT_R = 3.6541528853610088;
const ZIGGURAT_INV_R = 0.27366123732975828;

/** The seed's 32-bit words, least significant first, as SeedSequence reads a Python int. */
export function seedWords(seed) {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  const words = [];
  let rest = BigInt(seed);
  do {
    words.push(Number(rest & 0xffffffffn));
    rest >>= 32n;
  } while (rest > 0n);
  return words;
}

/** SeedSequence(seed).pool: the entropy mixed into 4 words. */
export function seedPool(seed) {
  const entropy = seedWords(seed);
  let hashConst = INIT_A;
  const hashmix = (value) => {
    value = (value ^ hashConst) >>> 0;
    hashConst = Math.imul(hashConst, MULT_A) >>> 0;
    value = Math.imul(value, hashConst) >>> 0;
    return (value ^ (value >>> 16)) >>> 0;
  };
  const mix = (x, y) => {
    const result = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
    return (result ^ (result >>> 16)) >>> 0;
  };
  const pool = new Array(POOL_SIZE);
  for (let i = 0; i < POOL_SIZE; i++) pool[i] = hashmix(i < entropy.length ? entropy[i] : 0);
  for (let source = 0; source < POOL_SIZE; source++) {
    for (let target = 0; target < POOL_SIZE; target++) {
      if (source !== target) pool[target] = mix(pool[target], hashmix(pool[source]));
    }
  }
  for (let source = POOL_SIZE; source < entropy.length; source++) {
    for (let target = 0; target < POOL_SIZE; target++) pool[target] = mix(pool[target], hashmix(entropy[source]));
  }
  return pool;
}

/** SeedSequence(seed).generate_state(words, uint64), as BigInts. */
export function generateState(seed, words) {
  const pool = seedPool(seed);
  let hashConst = INIT_B;
  const out = [];
  for (let i = 0; i < 2 * words; i++) {
    let value = (pool[i % POOL_SIZE] ^ hashConst) >>> 0;
    hashConst = Math.imul(hashConst, MULT_B) >>> 0;
    value = Math.imul(value, hashConst) >>> 0;
    out.push((value ^ (value >>> 16)) >>> 0);
  }
  const state = [];
  for (let i = 0; i < words; i++) state.push((BigInt(out[2 * i + 1]) << 32n) | BigInt(out[2 * i]));
  return state;
}

/**
 * np.random.default_rng(seed): PCG64 under NumPy's Generator.
 *
 * `tables` is the ziggurat's layer table, {wi: Float64Array(256), ki: Float64Array(256)}
 * (ki's integers are below 2⁵³: exact as doubles); without it, normal() is unavailable.
 */
export class Generator {
  constructor(seed, tables = null) {
    const [s0, s1, s2, s3] = generateState(seed, 4);
    // pcg64_set_seed: the state from words 0 (high) and 1, the stream from words 2 and 3;
    // pcg_setseq_128_srandom_r: state 0, inc = 2·stream + 1, step, add the state, step.
    this.inc = ((((s2 << 64n) | s3) << 1n) | 1n) & MASK128;
    this.state = 0n;
    this.step();
    this.state = (this.state + ((s0 << 64n) | s1)) & MASK128;
    this.step();
    this.hasUint32 = false;
    this.uinteger = 0;
    this.hi = 0; // the last 64-bit output, as two 32-bit halves
    this.lo = 0;
    if (tables) {
      this.wi = tables.wi;
      this.ki = tables.ki;
      // The density at each layer's edge x = wi · 2⁵²; layer 0 (the base) starts at the top, 1.
      this.fi = tables.wi.map((w, i) => (i === 0 ? 1 : Math.exp(-0.5 * (w * TWO_52) * (w * TWO_52))));
    }
  }

  step() {
    this.state = (this.state * MULTIPLIER + this.inc) & MASK128;
  }

  // next_uint64, left in this.hi and this.lo.
  next64() {
    this.step();
    const state = this.state;
    const rotation = Number(state >> 122n);
    const x = ((state >> 64n) ^ state) & MASK64;
    const out = rotation ? ((x >> BigInt(rotation)) | (x << BigInt(64 - rotation))) & MASK64 : x;
    this.hi = Number(out >> 32n);
    this.lo = Number(out & 0xffffffffn);
  }

  // pcg64_next32: the low half of a 64-bit output, then its high half.
  next32() {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    this.next64();
    this.hasUint32 = true;
    this.uinteger = this.hi;
    return this.lo;
  }

  // next_double: the top 53 bits over 2⁵³.
  nextDouble() {
    this.next64();
    return (this.hi * 2097152 + (this.lo >>> 11)) * TWO_M53;
  }

  /** rng.integers(low, high, size) for int64 with high − low ≤ 2³²: Lemire's method. */
  integers(low, high, size) {
    const range = high - low - 1; // NumPy's rng: the largest offset
    if (!(range >= 0 && range <= 0xffffffff)) throw new RangeError("integers: the range must be from 1 to 2^32");
    const out = new Array(size);
    for (let i = 0; i < size; i++) {
      if (range === 0) out[i] = low;
      else if (range === 0xffffffff) out[i] = low + this.next32();
      else out[i] = low + this.boundedLemire(range);
    }
    return out;
  }

  // buffered_bounded_lemire_uint32: m = draw · (range + 1); its high word, unless its low
  // word falls below the threshold that would bias it.
  boundedLemire(range) {
    const excluded = range + 1;
    let [high, low] = multiply32(this.next32(), excluded);
    if (low < excluded) {
      const threshold = (0xffffffff - range) % excluded;
      while (low < threshold) [high, low] = multiply32(this.next32(), excluded);
    }
    return high;
  }

  // random_interval: a draw masked to the smallest 2^k − 1 ≥ max, until it is ≤ max.
  interval(max) {
    if (max === 0) return 0;
    if (max > 0xffffffff) throw new RangeError("interval: max must be below 2^32");
    let mask = max;
    for (const shift of [1, 2, 4, 8, 16]) mask |= mask >>> shift;
    mask >>>= 0;
    let value;
    do value = (this.next32() & mask) >>> 0; while (value > max);
    return value;
  }

  /** rng.permutation(n): arange(n) shuffled from the last position down. */
  permutation(n) {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i >= 1; i--) {
      const j = this.interval(i);
      const held = out[j];
      out[j] = out[i];
      out[i] = held;
    }
    return out;
  }

  /** rng.standard_normal(): NumPy's ziggurat. */
  standardNormal() {
    const { wi, ki, fi } = this;
    if (!wi) throw new Error("standardNormal needs the ziggurat's tables");
    for (;;) {
      this.next64();
      const { hi, lo } = this;
      const index = lo & 0xff;
      const negative = (lo >>> 8) & 1;
      const rabs = (hi & 0x1fffffff) * 8388608 + (lo >>> 9); // bits 9–60
      let x = rabs * wi[index];
      if (negative) x = -x;
      if (rabs < ki[index]) return x;
      if (index === 0) {
        for (;;) {
          const xx = -ZIGGURAT_INV_R * Math.log1p(-this.nextDouble());
          const yy = -Math.log1p(-this.nextDouble());
          if (yy + yy > xx * xx) return ((lo >>> 17) & 1) ? -(ZIGGURAT_R + xx) : ZIGGURAT_R + xx; // bit 8 of rabs
        }
      }
      if ((fi[index - 1] - fi[index]) * this.nextDouble() + fi[index] < Math.exp(-0.5 * x * x)) return x;
    }
  }

  /** rng.normal(loc, scale, count) as a Float64Array: loc + scale · standard_normal. */
  normal(loc, scale, count) {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = loc + scale * this.standardNormal();
    return out;
  }
}

// The 64-bit product of two 32-bit integers, as its [high, low] 32-bit words.
function multiply32(a, b) {
  const aHigh = a >>> 16;
  const aLow = a & 0xffff;
  const bHigh = b >>> 16;
  const bLow = b & 0xffff;
  const low = aLow * bLow;
  const middle = aHigh * bLow + aLow * bHigh; // < 2^33: exact
  const high = aHigh * bHigh;
  const lowSum = low + (middle % 65536) * 65536; // < 2^49
  const carry = Math.floor(lowSum / TWO_32);
  return [high + Math.floor(middle / 65536) + carry, lowSum % TWO_32];
}
