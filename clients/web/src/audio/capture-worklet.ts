/// <reference path="./worklet-scope.d.ts" />
// Runs on the audio rendering thread: device-rate microphone blocks in, 16 kHz 16-bit chunks out.
import { CAPTURE_PROCESSOR, type CaptureCommand, type CaptureMessage } from "./capture-messages.js";
import { CapturePipeline } from "./capture-pipeline.js";

/** Blocks of 128 frames between level reports: about 50 ms at 44.1/48 kHz. */
const LEVEL_EVERY_BLOCKS = 18;

class CaptureProcessor extends AudioWorkletProcessor {
  private readonly pipeline = new CapturePipeline(sampleRate);
  private blocks = 0;
  private sumSquares = 0;
  private peak = 0;

  constructor(options?: unknown) {
    super(options);
    this.port.onmessage = (event: MessageEvent<CaptureCommand>) => {
      if (event.data.type === "flush") {
        for (const samples of this.pipeline.flush()) {
          this.post({ type: "chunk", samples });
        }
        this.post({ type: "flushed" });
      }
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    if (!channels || channels.length === 0) {
      return true; // no source connected right now (microphone muted); stay alive for the next one
    }
    const result = this.pipeline.process(channels);
    for (const samples of result.chunks) {
      this.post({ type: "chunk", samples });
    }
    this.sumSquares += result.rms * result.rms;
    this.peak = Math.max(this.peak, result.peak);
    if (++this.blocks === LEVEL_EVERY_BLOCKS) {
      this.post({ type: "level", rms: Math.sqrt(this.sumSquares / this.blocks), peak: this.peak });
      this.blocks = 0;
      this.sumSquares = 0;
      this.peak = 0;
    }
    return true;
  }

  private post(message: CaptureMessage): void {
    if (message.type === "chunk") {
      this.port.postMessage(message, [message.samples.buffer]);
    } else {
      this.port.postMessage(message);
    }
  }
}

registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);
