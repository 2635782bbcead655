/**
 * Cuts a stream of float samples into fixed-size chunks of signed 16-bit PCM (the wire format of answer audio),
 * carrying the remainder over so no sample is lost or repeated at a chunk boundary.
 *
 * Plain TypeScript with no DOM or Node dependency: the capture AudioWorklet and the unit tests import it.
 */
export class PcmChunker {
  readonly chunkSamples: number;
  private pending: Int16Array;
  private filled = 0;

  constructor(chunkSamples: number) {
    if (!(Number.isInteger(chunkSamples) && chunkSamples > 0)) {
      throw new RangeError(`chunkSamples must be a positive integer, got ${chunkSamples}`);
    }
    this.chunkSamples = chunkSamples;
    this.pending = new Int16Array(chunkSamples);
  }

  /** Samples waiting for the next chunk. */
  get pendingSamples(): number {
    return this.filled;
  }

  /** Adds samples (-1..1, clipped) and returns every chunk completed by them, each exactly chunkSamples long. */
  push(samples: Float32Array): Int16Array[] {
    const chunks: Int16Array[] = [];
    let offset = 0;
    while (offset < samples.length) {
      const count = Math.min(this.chunkSamples - this.filled, samples.length - offset);
      floatToInt16(samples.subarray(offset, offset + count), this.pending, this.filled);
      this.filled += count;
      offset += count;
      if (this.filled === this.chunkSamples) {
        chunks.push(this.pending);
        this.pending = new Int16Array(this.chunkSamples);
        this.filled = 0;
      }
    }
    return chunks;
  }

  /** Returns the samples of the unfinished chunk (possibly none) and starts over. */
  flush(): Int16Array {
    const rest = this.pending.slice(0, this.filled);
    this.filled = 0;
    return rest;
  }
}

/** Converts float samples to signed 16-bit, clipping to the representable range, into target at offset. */
export function floatToInt16(source: Float32Array, target: Int16Array, offset = 0): void {
  for (let i = 0; i < source.length; i++) {
    const s = source[i]!;
    const clipped = s >= 1 ? 1 : s <= -1 ? -1 : s;
    target[offset + i] = Math.round(clipped < 0 ? clipped * 0x8000 : clipped * 0x7fff);
  }
}

/** Converts little-endian signed 16-bit PCM bytes to float samples in -1..1. */
export function int16BytesToFloat(bytes: Uint8Array): Float32Array<ArrayBuffer> {
  const count = bytes.length >> 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * 2);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = view.getInt16(i * 2, true) / 0x8000;
  }
  return out;
}

/** Little-endian bytes of 16-bit samples (the platform is little-endian everywhere browsers run, but be exact). */
export function int16ToBytes(samples: Int16Array): Uint8Array {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) {
    view.setInt16(i * 2, samples[i]!, true);
  }
  return bytes;
}
