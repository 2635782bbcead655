import { int16ToBytes } from "../audio/chunker.js";
import { AudioEncoding } from "../gen/rehearse/interview/v1/interview_pb.js";
import { describeError, isTransient, isUnreachable, type InterviewClient } from "../api/client.js";

/** Chunks merged into one request when the sender has fallen behind (after a network hiccup): 0.5 s of audio. */
const MAX_CHUNKS_PER_SEND = 5;
/**
 * How much faster than real time a backlog goes out. The server ends an answer when the audio it has received
 * runs 2.5 s past the last speech its voice detection reported; audio sent all at once runs ahead of that
 * detection, so a pause in a backlog would end the answer and drop what follows it.
 */
const CATCH_UP_SPEED = 2;
const SAMPLE_RATE = 16_000;
/** Audio kept while the server is unreachable: 2 minutes; older audio is dropped first beyond that. */
const MAX_QUEUED_CHUNKS = 1_200;
const RETRY_DELAYS_MS = [200, 500, 1_000, 2_000, 4_000];

export interface AudioSenderListener {
  /** The sender could not deliver audio and is retrying (message says why), or delivers again (null). */
  trouble(message: string | null): void;
}

/**
 * Delivers answer audio with SendAudio, one call at a time and strictly in order. Each call carries the next
 * chunk_sequence; a call that fails transiently is retried with the same number (the server ignores numbers it
 * already has), so nothing is lost or duplicated across a dropped connection.
 */
export class AudioSender {
  private readonly queue: Int16Array[] = [];
  private sequence = 0;
  private running = false;
  private closed = false;
  private dropped = 0;

  constructor(
    private readonly client: InterviewClient,
    private readonly sessionId: string,
    private readonly listener: AudioSenderListener,
  ) {}

  /** Chunks waiting to be sent. */
  get pending(): number {
    return this.queue.length;
  }

  send(samples: Int16Array): void {
    if (this.closed) {
      return;
    }
    this.queue.push(samples);
    if (this.queue.length > MAX_QUEUED_CHUNKS) {
      this.queue.shift();
      this.dropped++;
    }
    if (!this.running) {
      this.running = true;
      void this.pump();
    }
  }

  /** Stops sending; queued audio is discarded. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
  }

  private async pump(): Promise<void> {
    try {
      while (!this.closed && this.queue.length > 0) {
        const started = performance.now();
        const batch = this.queue.splice(0, MAX_CHUNKS_PER_SEND);
        const samples = batch.length === 1 ? batch[0]! : concat(batch);
        await this.deliver(int16ToBytes(samples), ++this.sequence);
        if (this.queue.length > 0) {
          const pace = (samples.length * 1000) / SAMPLE_RATE / CATCH_UP_SPEED - (performance.now() - started);
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, pace)));
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async deliver(audio: Uint8Array, chunkSequence: number): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      try {
        await this.client.sendAudio({
          sessionId: this.sessionId,
          audio,
          chunkSequence: BigInt(chunkSequence),
          format: { sampleRateHertz: SAMPLE_RATE, encoding: AudioEncoding.LINEAR16 },
        });
        if (attempt > 0 || this.dropped > 0) {
          this.dropped = 0;
          this.listener.trouble(null);
        }
        return;
      } catch (error) {
        if (!isTransient(error)) {
          // The session is not listening any more (or the chunk is refused): this piece has nowhere to go.
          return;
        }
        this.listener.trouble(
          isUnreachable(error)
            ? "Your answer is kept and goes out when the connection is back."
            : `Answer audio is not getting through: ${describeError(error)} Retrying…`,
        );
        const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}

function concat(chunks: Int16Array[]): Int16Array {
  const out = new Int16Array(chunks.reduce((n, chunk) => n + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
