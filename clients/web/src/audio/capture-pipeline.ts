import { PcmChunker } from "./chunker.js";
import { Resampler } from "./resampler.js";

/** Rate and chunk length of answer audio on the wire: 16 kHz, 100 ms. */
export const ANSWER_SAMPLE_RATE = 16_000;
export const ANSWER_CHUNK_SAMPLES = 1_600;

/** What one block of capture produced. */
export interface CaptureResult {
  /** Completed 16 kHz 16-bit chunks, in order. */
  readonly chunks: Int16Array[];
  /** Root-mean-square level of the block, 0..1. */
  readonly rms: number;
  /** Peak absolute sample of the block, 0..1. */
  readonly peak: number;
}

/**
 * Device-rate capture blocks in, 16 kHz 16-bit chunks out: mixes channels to mono, resamples with a proper
 * low-pass and cuts fixed-size chunks. The capture AudioWorklet is a thin wrapper around it.
 */
export class CapturePipeline {
  private readonly resampler: Resampler | null;
  private readonly chunker: PcmChunker;
  private mono = new Float32Array(128);

  constructor(inputRate: number, chunkSamples = ANSWER_CHUNK_SAMPLES) {
    this.resampler = inputRate === ANSWER_SAMPLE_RATE ? null : new Resampler(inputRate, ANSWER_SAMPLE_RATE);
    this.chunker = new PcmChunker(chunkSamples);
  }

  /** Processes one block; channels are the planar channel data of the block (all the same length). */
  process(channels: readonly Float32Array[]): CaptureResult {
    const length = channels[0]?.length ?? 0;
    if (length === 0) {
      return { chunks: [], rms: 0, peak: 0 };
    }
    let mono: Float32Array;
    if (channels.length === 1) {
      mono = channels[0]!;
    } else {
      if (this.mono.length < length) {
        this.mono = new Float32Array(length);
      }
      mono = this.mono.subarray(0, length);
      mono.fill(0);
      for (const channel of channels) {
        for (let i = 0; i < length; i++) {
          mono[i]! += channel[i]! / channels.length;
        }
      }
    }
    let sumSquares = 0;
    let peak = 0;
    for (let i = 0; i < length; i++) {
      const s = mono[i]!;
      sumSquares += s * s;
      const magnitude = Math.abs(s);
      if (magnitude > peak) {
        peak = magnitude;
      }
    }
    const resampled = this.resampler ? this.resampler.process(mono) : mono;
    return { chunks: this.chunker.push(resampled), rms: Math.sqrt(sumSquares / length), peak };
  }

  /** Ends the recording: returns the remaining chunks, the last one possibly short (none when nothing is pending). */
  flush(): Int16Array[] {
    const chunks = this.resampler ? this.chunker.push(this.resampler.flush()) : [];
    const rest = this.chunker.flush();
    if (rest.length > 0) {
      chunks.push(rest);
    }
    return chunks;
  }
}
