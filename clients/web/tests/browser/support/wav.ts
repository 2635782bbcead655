/** Minimal RIFF/WAVE handling for the browser tests: 16-bit PCM in, padded mono 16-bit PCM out. */
export interface Pcm16 {
  readonly sampleRate: number;
  readonly samples: Int16Array;
}

export function readWav(bytes: Uint8Array): Pcm16 {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (tag(0) !== "RIFF" || tag(8) !== "WAVE") {
    throw new Error("not a RIFF/WAVE file");
  }
  let offset = 12;
  let channels = 0;
  let sampleRate = 0;
  let bits = 0;
  let format = 0;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === "fmt ") {
      format = view.getUint16(body, true);
      channels = view.getUint16(body + 2, true);
      sampleRate = view.getUint32(body + 4, true);
      bits = view.getUint16(body + 14, true);
    } else if (id === "data") {
      if (!(format === 1 || format === 0xfffe) || bits !== 16) {
        throw new Error(`only 16-bit PCM WAV files are supported (format ${format}, ${bits} bits)`);
      }
      const frames = Math.floor(Math.min(size, bytes.length - body) / (2 * channels));
      const samples = new Int16Array(frames);
      for (let i = 0; i < frames; i++) {
        let sum = 0;
        for (let c = 0; c < channels; c++) {
          sum += view.getInt16(body + (i * channels + c) * 2, true);
        }
        samples[i] = Math.round(sum / channels);
      }
      return { sampleRate, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new Error("WAV file has no data chunk");
}

export function writeWav(pcm: Pcm16): Uint8Array {
  const data = pcm.samples.length * 2;
  const bytes = new Uint8Array(44 + data);
  const view = new DataView(bytes.buffer);
  const text = (offset: number, value: string) => [...value].forEach((c, i) => (bytes[offset + i] = c.charCodeAt(0)));
  text(0, "RIFF");
  view.setUint32(4, 36 + data, true);
  text(8, "WAVE");
  text(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, pcm.sampleRate, true);
  view.setUint32(28, pcm.sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, "data");
  view.setUint32(40, data, true);
  pcm.samples.forEach((s, i) => view.setInt16(44 + i * 2, s, true));
  return bytes;
}

/** Surrounds the audio with silence: lead gives the page time to start capturing, tail ends the answer. */
export function padWithSilence(pcm: Pcm16, leadSeconds: number, tailSeconds: number): Pcm16 {
  const lead = Math.round(pcm.sampleRate * leadSeconds);
  const samples = new Int16Array(lead + pcm.samples.length + Math.round(pcm.sampleRate * tailSeconds));
  samples.set(pcm.samples, lead);
  return { sampleRate: pcm.sampleRate, samples };
}

export function durationSeconds(pcm: Pcm16): number {
  return pcm.samples.length / pcm.sampleRate;
}

/** The audio said `times` times over, with pauseSeconds of silence between. */
export function repeatWithPauses(pcm: Pcm16, times: number, pauseSeconds: number): Pcm16 {
  const pause = Math.round(pcm.sampleRate * pauseSeconds);
  const samples = new Int16Array(times * pcm.samples.length + (times - 1) * pause);
  for (let i = 0; i < times; i++) {
    samples.set(pcm.samples, i * (pcm.samples.length + pause));
  }
  return { sampleRate: pcm.sampleRate, samples };
}
