/**
 * Streaming sample-rate converter for mono audio: a windowed-sinc (Kaiser) low-pass FIR evaluated in polyphase
 * form, so downsampling 48 kHz or 44.1 kHz capture to 16 kHz removes everything above the output's Nyquist
 * frequency instead of letting it fold back as aliasing.
 *
 * Plain TypeScript with no DOM or Node dependency: the capture AudioWorklet and the unit tests import it.
 */

/** Design of the low-pass filter, as fractions of the lower of the two Nyquist frequencies. */
export interface ResamplerOptions {
  /** Upper edge of the passband. Default 0.875 (7 kHz when the output is 16 kHz). */
  readonly passbandEdge?: number;
  /** Stopband attenuation in dB, which sets the Kaiser window's shape and the filter length. Default 80. */
  readonly attenuationDb?: number;
}

/** Largest number of distinct filter phases kept in the table; finer ratios round to the nearest phase. */
const MAX_PHASES = 1024;

export class Resampler {
  readonly inputRate: number;
  readonly outputRate: number;
  /** Filter taps per output sample. */
  readonly taps: number;

  /** Output samples advance the read position by step / phases input samples. */
  private readonly phases: number;
  private readonly step: number;
  /** phases × taps coefficients; row p is the filter for fractional position p / phases. */
  private readonly table: Float32Array;
  /** Unconsumed input, preceded by the history the filter still needs. */
  private buffer: Float32Array;
  private buffered = 0;
  /** Read position of the next output sample: buffer index `index` plus `phase / phases`. */
  private index: number;
  private phase = 0;
  /** Input samples received and output samples produced, to know how many are still owed at flush. */
  private inputCount = 0;
  private outputCount = 0;

  constructor(inputRate: number, outputRate: number, options: ResamplerOptions = {}) {
    if (!(Number.isInteger(inputRate) && inputRate > 0)) {
      throw new RangeError(`inputRate must be a positive integer, got ${inputRate}`);
    }
    if (!(Number.isInteger(outputRate) && outputRate > 0)) {
      throw new RangeError(`outputRate must be a positive integer, got ${outputRate}`);
    }
    const passbandEdge = options.passbandEdge ?? 0.875;
    const attenuationDb = options.attenuationDb ?? 80;
    if (!(passbandEdge > 0 && passbandEdge < 1)) {
      throw new RangeError(`passbandEdge must be between 0 and 1, got ${passbandEdge}`);
    }
    this.inputRate = inputRate;
    this.outputRate = outputRate;

    const divisor = gcd(inputRate, outputRate);
    let phases = outputRate / divisor;
    let step = inputRate / divisor;
    if (phases > MAX_PHASES) {
      step = Math.round((step * MAX_PHASES) / phases);
      phases = MAX_PHASES;
    }
    this.phases = phases;
    this.step = step;

    // Cut-off halfway through the transition band, which ends at the lower Nyquist frequency.
    const nyquist = Math.min(inputRate, outputRate) / 2;
    const cutoff = (nyquist * (1 + passbandEdge)) / 2 / inputRate; // cycles per input sample
    const transition = (nyquist * (1 - passbandEdge)) / inputRate;
    const beta = kaiserBeta(attenuationDb);
    // Kaiser's estimate of the length for the attenuation and transition width; even, so the window is centred
    // between taps taps/2 - 1 and taps/2 at phase 0.
    let taps = Math.ceil((attenuationDb - 7.95) / (14.36 * transition)) + 1;
    taps += taps % 2;
    this.taps = taps;

    const half = taps / 2;
    this.table = new Float32Array(phases * taps);
    const norm = besselI0(beta);
    for (let p = 0; p < phases; p++) {
      const fraction = p / phases;
      const row = new Float64Array(taps);
      let sum = 0;
      for (let k = 0; k < taps; k++) {
        // Distance from the output instant to input sample k of the window (which starts half - 1 before it).
        const x = k - (half - 1) - fraction;
        const r = x / half;
        const window = r * r >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / norm;
        const value = 2 * cutoff * sinc(2 * cutoff * x) * window;
        row[k] = value;
        sum += value;
      }
      // Unity gain at DC for every phase, so a steady level stays steady whatever the fractional position.
      for (let k = 0; k < taps; k++) {
        this.table[p * taps + k] = row[k]! / sum;
      }
    }

    // Start with half a window of silence as history so the first output sample lines up with input sample 0.
    this.buffer = new Float32Array(Math.max(4096, taps * 4));
    this.buffered = half - 1;
    this.index = 0;
  }

  /** Output samples that correspond to the input received so far (rounded up). */
  private get owed(): number {
    return Math.ceil((this.inputCount * this.phases) / this.step);
  }

  /** Feeds input samples and returns the output samples that can be computed so far. */
  process(input: Float32Array): Float32Array {
    this.append(input);
    this.inputCount += input.length;
    return this.drain(this.owed);
  }

  /**
   * Pads the end with silence to produce every output sample the input received so far is owed, and resets
   * nothing else: use it at the end of a recording.
   */
  flush(): Float32Array {
    const owed = this.owed;
    const zeros = new Float32Array(this.taps);
    const parts: Float32Array[] = [];
    let total = 0;
    while (this.outputCount < owed) {
      this.append(zeros);
      const part = this.drain(owed);
      parts.push(part);
      total += part.length;
    }
    return concat(parts, total);
  }

  private append(input: Float32Array): void {
    if (this.buffered + input.length > this.buffer.length) {
      // Drop what the filter no longer needs, then grow if still too small.
      const keep = this.buffered - this.index;
      const needed = keep + input.length;
      const target = needed > this.buffer.length ? new Float32Array(needed * 2) : this.buffer;
      target.set(this.buffer.subarray(this.index, this.buffered), 0);
      this.buffer = target;
      this.buffered = keep;
      this.index = 0;
    }
    this.buffer.set(input, this.buffered);
    this.buffered += input.length;
  }

  private drain(limit: number): Float32Array {
    const taps = this.taps;
    const available = this.buffered - taps; // last index whose whole window is buffered
    if (this.index > available || this.outputCount >= limit) {
      return new Float32Array(0);
    }
    // Upper bound of outputs: each advances index by at least floor(step / phases).
    const maxCount = Math.min(
      limit - this.outputCount,
      Math.floor(((available - this.index + 1) * this.phases) / this.step) + 1,
    );
    const out = new Float32Array(maxCount);
    let n = 0;
    const buffer = this.buffer;
    const table = this.table;
    while (n < maxCount && this.index <= available) {
      const row = this.phase * taps;
      const start = this.index;
      let acc = 0;
      for (let k = 0; k < taps; k++) {
        acc += buffer[start + k]! * table[row + k]!;
      }
      out[n++] = acc;
      this.phase += this.step;
      this.index += Math.floor(this.phase / this.phases);
      this.phase %= this.phases;
    }
    this.outputCount += n;
    return n === maxCount ? out : out.subarray(0, n);
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    [a, b] = [b, a % b];
  }
  return a;
}

function sinc(x: number): number {
  if (x === 0) {
    return 1;
  }
  const y = Math.PI * x;
  return Math.sin(y) / y;
}

/** Kaiser's formula for the window shape that reaches the given stopband attenuation. */
function kaiserBeta(attenuationDb: number): number {
  if (attenuationDb > 50) {
    return 0.1102 * (attenuationDb - 8.7);
  }
  if (attenuationDb >= 21) {
    return 0.5842 * Math.pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21);
  }
  return 0;
}

/** Modified Bessel function of the first kind, order 0, by its power series. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const quarterSquare = (x * x) / 4;
  for (let k = 1; k < 64; k++) {
    term *= quarterSquare / (k * k);
    sum += term;
    if (term < sum * 1e-12) {
      break;
    }
  }
  return sum;
}

function concat(parts: Float32Array[], total: number): Float32Array {
  if (parts.length === 1) {
    return parts[0]!;
  }
  const out = new Float32Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
