import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Resampler } from "../../src/audio/resampler.js";

function tone(frequency: number, rate: number, seconds: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) {
    out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / rate);
  }
  return out;
}

function rms(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) {
    sum += s * s;
  }
  return Math.sqrt(sum / samples.length);
}

/** Feeds the input in blocks of the given size, as an AudioWorklet does (128 frames). */
function resampleInBlocks(resampler: Resampler, input: Float32Array, block: number): Float32Array {
  const parts: number[] = [];
  for (let offset = 0; offset < input.length; offset += block) {
    parts.push(...resampler.process(input.subarray(offset, offset + block)));
  }
  parts.push(...resampler.flush());
  return Float32Array.from(parts);
}

/** Skips the filter's start-up and tail so only steady-state samples are measured. */
function steady(samples: Float32Array, rate: number): Float32Array {
  const margin = Math.round(rate * 0.05);
  return samples.subarray(margin, samples.length - margin);
}

describe("Resampler", () => {
  for (const inputRate of [48_000, 44_100]) {
    it(`keeps a 1 kHz sine's amplitude and phase from ${inputRate} Hz to 16 kHz`, () => {
      const output = resampleInBlocks(new Resampler(inputRate, 16_000), tone(1_000, inputRate, 1), 128);
      const expected = tone(1_000, 16_000, 1);
      const gainDb = 20 * Math.log10(rms(steady(output, 16_000)) / rms(steady(expected, 16_000)));
      assert.ok(Math.abs(gainDb) < 0.05, `1 kHz gain ${gainDb.toFixed(4)} dB`);
      // Sample by sample: no delay and no distortion, so output n is the sine at n / 16000 s.
      const error = rms(steady(output.map((s, i) => s - expected[i]!), 16_000));
      assert.ok(error < 0.5 * 0.001, `difference from the ideal sine ${error}`);
    });

    it(`attenuates a 10 kHz tone by at least 40 dB from ${inputRate} Hz to 16 kHz`, () => {
      const input = tone(10_000, inputRate, 1);
      const output = resampleInBlocks(new Resampler(inputRate, 16_000), input, 128);
      const attenuationDb = 20 * Math.log10(rms(steady(input, inputRate)) / rms(steady(output, 16_000)));
      assert.ok(attenuationDb >= 40, `10 kHz attenuated by only ${attenuationDb.toFixed(1)} dB`);
    });

    it(`passes 7 kHz within 0.1 dB from ${inputRate} Hz`, () => {
      const input = tone(7_000, inputRate, 1);
      const output = resampleInBlocks(new Resampler(inputRate, 16_000), input, 128);
      const gainDb = 20 * Math.log10(rms(steady(output, 16_000)) / rms(steady(input, inputRate)));
      assert.ok(Math.abs(gainDb) < 0.1, `7 kHz gain ${gainDb.toFixed(3)} dB`);
    });
  }

  it("produces exactly ceil(n × 16000 / rate) samples, whatever the block sizes", () => {
    for (const [rate, length] of [
      [48_000, 48_000],
      [48_000, 1_001],
      [44_100, 44_100],
      [44_100, 12_345],
      [22_050, 7_777],
      [96_000, 100_003],
    ] as const) {
      const input = tone(440, rate, length / rate);
      const output = resampleInBlocks(new Resampler(rate, 16_000), input, 128);
      assert.equal(output.length, Math.ceil((length * 16_000) / rate), `${length} samples at ${rate} Hz`);
    }
  });

  it("gives the same samples streamed in odd blocks as in one piece", () => {
    const input = tone(1_234, 44_100, 0.5);
    const whole = resampleInBlocks(new Resampler(44_100, 16_000), input, input.length);
    const blocks = [1, 7, 128, 333, 4096];
    const resampler = new Resampler(44_100, 16_000);
    const parts: number[] = [];
    let offset = 0;
    for (let i = 0; offset < input.length; i++) {
      const size = blocks[i % blocks.length]!;
      parts.push(...resampler.process(input.subarray(offset, offset + size)));
      offset += size;
    }
    parts.push(...resampler.flush());
    assert.equal(parts.length, whole.length);
    parts.forEach((s, i) => assert.ok(Math.abs(s - whole[i]!) < 1e-6, `sample ${i}: ${s} vs ${whole[i]}`));
  });

  it("upsamples too, keeping amplitude", () => {
    const output = resampleInBlocks(new Resampler(8_000, 16_000), tone(1_000, 8_000, 1), 128);
    assert.equal(output.length, 16_000);
    const gainDb = 20 * Math.log10(rms(steady(output, 16_000)) / rms(steady(tone(1_000, 16_000, 1), 16_000)));
    assert.ok(Math.abs(gainDb) < 0.05, `gain ${gainDb} dB`);
  });

  it("refuses rates that are not positive integers", () => {
    assert.throws(() => new Resampler(0, 16_000), /inputRate/);
    assert.throws(() => new Resampler(48_000, 16_000.5), /outputRate/);
  });
});
