import { int16BytesToFloat } from "./chunker.js";

/** Lead time before the first piece of an utterance starts, so the next piece can arrive in time. */
const START_LEAD_SECONDS = 0.08;
/** How quickly a volume change takes effect (time constant): fast, without a click. */
const VOLUME_TIME_CONSTANT_SECONDS = 0.015;

let sharedContext: AudioContext | undefined;

/**
 * The page's playback context. Call it first from a click or key handler: browsers only let audio start after a
 * user gesture, and a context created there stays allowed.
 */
export function playbackContext(): AudioContext {
  sharedContext ??= new AudioContext({ latencyHint: "interactive" });
  if (sharedContext.state === "suspended") {
    void sharedContext.resume();
  }
  return sharedContext;
}

/** Plays a whole WAV file (the voice preview). Returns a function that stops it. */
export async function playWav(bytes: Uint8Array): Promise<() => void> {
  const context = playbackContext();
  const buffer = await context.decodeAudioData(bytes.slice().buffer);
  const source = context.createBufferSource();
  source.buffer = buffer;
  source.connect(context.destination);
  source.start();
  return () => {
    try {
      source.stop();
    } catch {
      // already ended
    }
  };
}

/**
 * Plays the interviewer's speech as it streams in: 16-bit pieces scheduled back to back on the audio clock so
 * there is no gap between them, with a callback when each piece actually starts (for highlighting the sentence
 * being spoken). setVolume() turns it down or up (a voice over the interviewer), stop() silences everything at once
 * (barge-in).
 */
export class SpeechPlayer {
  private readonly sources = new Set<AudioBufferSourceNode>();
  private gain: GainNode | undefined;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private nextStart = 0;
  private idleListener: (() => void) | undefined;

  /** True while audio is scheduled or sounding. */
  get playing(): boolean {
    return this.sources.size > 0;
  }

  /** Called each time playback runs out (everything scheduled has been heard, or stop() was called). */
  onIdle(listener: () => void): void {
    this.idleListener = listener;
  }

  /** Queues a piece of LINEAR16 mono audio at the given rate; onStart runs when it begins to sound. */
  enqueue(pcm: Uint8Array, sampleRate: number, onStart?: () => void): void {
    const samples = int16BytesToFloat(pcm);
    if (samples.length === 0) {
      onStart?.();
      return;
    }
    const context = playbackContext();
    const buffer = context.createBuffer(1, samples.length, sampleRate);
    buffer.copyToChannel(samples, 0);
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.output(context));
    const start = Math.max(this.nextStart, context.currentTime + START_LEAD_SECONDS);
    source.start(start);
    this.nextStart = start + buffer.duration;
    this.sources.add(source);
    source.onended = () => {
      this.sources.delete(source);
      if (this.sources.size === 0) {
        this.nextStart = 0;
        this.idleListener?.();
      }
    };
    if (onStart) {
      const delay = Math.max(0, (start - context.currentTime) * 1000);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        onStart();
      }, delay);
      this.timers.add(timer);
    }
  }

  /** Sets the volume (1 is full) of what plays now and later. */
  setVolume(volume: number): void {
    const context = playbackContext();
    this.output(context).gain.setTargetAtTime(volume, context.currentTime, VOLUME_TIME_CONSTANT_SECONDS);
  }

  private output(context: AudioContext): GainNode {
    if (!this.gain) {
      this.gain = context.createGain();
      this.gain.connect(context.destination);
    }
    return this.gain;
  }

  /** Silences all scheduled and sounding audio immediately. */
  stop(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
    const sources = [...this.sources];
    this.sources.clear();
    this.nextStart = 0;
    for (const source of sources) {
      source.onended = null;
      try {
        source.stop();
      } catch {
        // not started yet on some engines: disconnecting is enough
      }
      source.disconnect();
    }
    if (sources.length > 0) {
      this.idleListener?.();
    }
  }
}
