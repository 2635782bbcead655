import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ANSWER_CHUNK_SAMPLES, CapturePipeline } from "../../src/audio/capture-pipeline.js";
import { floatToInt16, int16BytesToFloat, int16ToBytes, PcmChunker } from "../../src/audio/chunker.js";

function ramp(length: number, start = 0): Float32Array {
  // Distinct values so a lost, repeated or reordered sample shows.
  return Float32Array.from({ length }, (_, i) => (((start + i) % 30_000) - 15_000) / 0x8000);
}

describe("PcmChunker", () => {
  it("cuts exact-size chunks and loses nothing across boundaries", () => {
    const chunker = new PcmChunker(1_600);
    const sizes = [128, 1, 1_599, 3_200, 5, 4_000, 127];
    const chunks: Int16Array[] = [];
    let total = 0;
    for (const size of sizes) {
      chunks.push(...chunker.push(ramp(size, total)));
      total += size;
    }
    for (const chunk of chunks) {
      assert.equal(chunk.length, 1_600);
    }
    assert.equal(chunks.length, Math.floor(total / 1_600));
    assert.equal(chunker.pendingSamples, total % 1_600);
    const rest = chunker.flush();
    assert.equal(rest.length, total % 1_600);
    const joined = [...chunks.flatMap((c) => [...c]), ...rest];
    const expected = new Int16Array(total);
    floatToInt16(ramp(total), expected);
    assert.deepEqual(joined, [...expected]);
    assert.equal(chunker.flush().length, 0);
  });

  it("clips out-of-range samples and maps the full scale", () => {
    const out = new Int16Array(5);
    floatToInt16(Float32Array.from([2, 1, 0, -1, -3]), out);
    assert.deepEqual([...out], [32_767, 32_767, 0, -32_768, -32_768]);
  });

  it("round-trips little-endian bytes", () => {
    const samples = Int16Array.from([0, 1, -1, 32_767, -32_768, 1234]);
    const bytes = int16ToBytes(samples);
    assert.deepEqual([...bytes.subarray(0, 4)], [0, 0, 1, 0]);
    const floats = int16BytesToFloat(bytes);
    assert.deepEqual([...floats].map((f) => Math.round(f * 0x8000)), [...samples]);
  });
});

describe("CapturePipeline", () => {
  it("turns 48 kHz stereo blocks of 128 into 100 ms 16 kHz chunks without losing time", () => {
    const pipeline = new CapturePipeline(48_000);
    const seconds = 2.05;
    const blocks = Math.round((48_000 * seconds) / 128);
    const chunks: Int16Array[] = [];
    for (let b = 0; b < blocks; b++) {
      const left = Float32Array.from({ length: 128 }, (_, i) => 0.25 * Math.sin((2 * Math.PI * 500 * (b * 128 + i)) / 48_000));
      const result = pipeline.process([left, left]);
      chunks.push(...result.chunks);
      assert.ok(Math.abs(result.peak - 0.25) < 0.01 || result.peak < 0.25);
    }
    chunks.push(...pipeline.flush());
    const full = chunks.slice(0, -1);
    for (const chunk of full) {
      assert.equal(chunk.length, ANSWER_CHUNK_SAMPLES);
    }
    const total = chunks.reduce((n, c) => n + c.length, 0);
    assert.equal(total, Math.ceil((blocks * 128 * 16_000) / 48_000));
  });

  it("reports the level of each block", () => {
    const pipeline = new CapturePipeline(16_000);
    const quiet = pipeline.process([new Float32Array(128)]);
    assert.equal(quiet.rms, 0);
    const loud = pipeline.process([new Float32Array(128).fill(0.5)]);
    assert.ok(Math.abs(loud.rms - 0.5) < 1e-6);
    assert.ok(Math.abs(loud.peak - 0.5) < 1e-6);
  });
});
