import { CAPTURE_PROCESSOR, type CaptureCommand, type CaptureMessage } from "./capture-messages.js";

/** Why the microphone could not be opened, in terms the page can act on. */
export type MicrophoneProblem = "denied" | "missing" | "busy" | "unsupported" | "failed";

export class MicrophoneError extends Error {
  constructor(
    readonly problem: MicrophoneProblem,
    message: string,
  ) {
    super(message);
    this.name = "MicrophoneError";
  }
}

export interface MicrophoneListener {
  /** A 16 kHz 16-bit mono chunk of about 100 ms. */
  chunk?(samples: Int16Array): void;
  /** Level over the last ~50 ms, 0..1. */
  level?(rms: number, peak: number): void;
  /** The device stopped by itself (unplugged, or access withdrawn): the microphone is closed. */
  ended?(): void;
}

/** Speech processing the browser applies before the page sees the audio. */
const CONSTRAINTS: MediaStreamConstraints = {
  audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
  video: false,
};

/**
 * The candidate's microphone: getUserMedia into the capture AudioWorklet, which resamples to 16 kHz and posts
 * 100 ms chunks. Muting releases the device entirely (the browser's recording indicator goes off); unmuting
 * opens it again on the same AudioContext and worklet.
 */
export class Microphone {
  private context: AudioContext | undefined;
  private worklet: AudioWorkletNode | undefined;
  private stream: MediaStream | undefined;
  private source: MediaStreamAudioSourceNode | undefined;
  private flushWaiters: Array<() => void> = [];

  constructor(private readonly listener: MicrophoneListener) {}

  get isOpen(): boolean {
    return this.stream !== undefined;
  }

  /** The device's name, once open (empty until the user has granted access). */
  get deviceLabel(): string {
    return this.stream?.getAudioTracks()[0]?.label ?? "";
  }

  /** The rate the device runs at (the worklet resamples from it). */
  get deviceRate(): number {
    return this.context?.sampleRate ?? 0;
  }

  async open(): Promise<void> {
    if (this.stream) {
      return;
    }
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new MicrophoneError(
        "unsupported",
        "This page cannot use a microphone here: browsers only allow it on https:// or on this computer (localhost).",
      );
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia(CONSTRAINTS);
    } catch (error) {
      throw toMicrophoneError(error);
    }
    try {
      const worklet = await this.ensureWorklet();
      this.source = this.context!.createMediaStreamSource(stream);
      this.source.connect(worklet);
      this.stream = stream;
      stream.getAudioTracks()[0]?.addEventListener("ended", () => {
        if (this.stream === stream) {
          this.release();
          this.listener.ended?.();
        }
      });
    } catch (error) {
      stream.getTracks().forEach((track) => track.stop());
      throw toMicrophoneError(error);
    }
  }

  /**
   * Releases the device. Audio captured up to now still arrives (the worklet's last partial chunk is flushed)
   * before the returned promise settles.
   */
  async close(): Promise<void> {
    if (!this.stream) {
      return;
    }
    this.release();
    await this.flush();
  }

  /** Closes the device and the audio context for good. */
  async dispose(): Promise<void> {
    this.release();
    this.worklet?.port.close();
    this.worklet = undefined;
    const context = this.context;
    this.context = undefined;
    await context?.close().catch(() => undefined);
  }

  private release(): void {
    this.source?.disconnect();
    this.source = undefined;
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = undefined;
    this.listener.level?.(0, 0);
  }

  private flush(): Promise<void> {
    const worklet = this.worklet;
    if (!worklet) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.flushWaiters.push(resolve);
      worklet.port.postMessage({ type: "flush" } satisfies CaptureCommand);
      setTimeout(resolve, 500); // a suspended context never answers; do not wait for ever
    });
  }

  private async ensureWorklet(): Promise<AudioWorkletNode> {
    if (this.worklet && this.context) {
      await this.context.resume();
      return this.worklet;
    }
    const context = new AudioContext({ latencyHint: "interactive" });
    await context.audioWorklet.addModule(new URL("capture-worklet.js", document.baseURI).href);
    const worklet = new AudioWorkletNode(context, CAPTURE_PROCESSOR, {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      channelCount: 1,
      channelCountMode: "explicit",
      channelInterpretation: "speakers",
    });
    worklet.port.onmessage = (event: MessageEvent<CaptureMessage>) => this.receive(event.data);
    await context.resume();
    this.context = context;
    this.worklet = worklet;
    return worklet;
  }

  private receive(message: CaptureMessage): void {
    switch (message.type) {
      case "chunk":
        this.listener.chunk?.(message.samples);
        break;
      case "level":
        if (this.stream) {
          this.listener.level?.(message.rms, message.peak);
        }
        break;
      case "flushed":
        this.flushWaiters.splice(0).forEach((resolve) => resolve());
        break;
    }
  }
}

function toMicrophoneError(error: unknown): MicrophoneError {
  if (error instanceof MicrophoneError) {
    return error;
  }
  const name = error instanceof DOMException || error instanceof Error ? error.name : "";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return new MicrophoneError(
        "denied",
        "Microphone access was blocked. Allow it in the browser's site settings and try again, or answer by typing.",
      );
    case "NotFoundError":
    case "OverconstrainedError":
      return new MicrophoneError("missing", "No microphone was found. Plug one in and try again, or answer by typing.");
    case "NotReadableError":
    case "AbortError":
      return new MicrophoneError(
        "busy",
        "The microphone is in use by another program or could not be started. Close it and try again, or answer by typing.",
      );
    default:
      return new MicrophoneError(
        "failed",
        `The microphone could not be started (${error instanceof Error ? error.message : String(error)}). You can answer by typing.`,
      );
  }
}
