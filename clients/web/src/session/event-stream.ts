import { Code, ConnectError, describeError, isUnreachable, type InterviewClient } from "../api/client.js";
import { AudioEncoding, SessionState, type SessionEvent } from "../gen/rehearse/interview/v1/interview_pb.js";

const RECONNECT_DELAYS_MS = [250, 1_000, 2_000, 4_000, 8_000];
/** Errors after which reconnecting cannot help. */
const FATAL = new Set([Code.NotFound, Code.PermissionDenied, Code.Unauthenticated, Code.InvalidArgument]);

export interface EventStreamListener {
  event(event: SessionEvent): void;
  /** The connection dropped and is being re-established (message), or is back (null). */
  connection(message: string | null): void;
  /** The stream cannot continue (the session is gone or refused). */
  failed(message: string): void;
}

/**
 * Follows a session's events over StreamEvents. When the connection drops it reconnects with the last sequence
 * number seen, so the server replays exactly what was missed; replayed duplicates are skipped. It stops when the
 * session finishes or stop() is called.
 */
export class EventStream {
  private lastSequence = 0n;
  private readonly abort = new AbortController();
  private finished = false;

  constructor(
    private readonly client: InterviewClient,
    private readonly sessionId: string,
    private readonly listener: EventStreamListener,
  ) {}

  /** The last stored event received. */
  get sequence(): bigint {
    return this.lastSequence;
  }

  start(afterSequence = 0n): void {
    this.lastSequence = afterSequence;
    void this.run();
  }

  stop(): void {
    this.abort.abort();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.abort.signal.aborted && !this.finished) {
      try {
        const responses = this.client.streamEvents(
          {
            sessionId: this.sessionId,
            afterSequence: this.lastSequence,
            outputAudioFormat: { sampleRateHertz: 24_000, encoding: AudioEncoding.LINEAR16 },
          },
          { signal: this.abort.signal },
        );
        for await (const response of responses) {
          if (failures > 0) {
            failures = 0;
            this.listener.connection(null);
          }
          const event = response.event;
          if (event) {
            this.accept(event);
          }
        }
        // The server ended the stream: normal when the session is over; otherwise (a restart) reconnect.
        if (this.finished) {
          return;
        }
      } catch (error) {
        if (this.abort.signal.aborted) {
          return;
        }
        const connectError = ConnectError.from(error);
        if (FATAL.has(connectError.code)) {
          this.listener.failed(describeError(connectError));
          return;
        }
        this.listener.connection(isUnreachable(connectError) ? "Connection lost. Reconnecting…" : `Connection lost: ${describeError(connectError)} Reconnecting…`);
      }
      const delay = RECONNECT_DELAYS_MS[Math.min(failures, RECONNECT_DELAYS_MS.length - 1)]!;
      failures++;
      await sleep(delay, this.abort.signal);
    }
  }

  private accept(event: SessionEvent): void {
    // Interviewer audio and interim transcripts are live only: neither stored nor replayed, they carry the latest
    // stored sequence and do not advance the position.
    const liveOnly = event.event.case === "interviewerAudio" || (event.event.case === "transcript" && !event.event.value.isFinal);
    if (!liveOnly) {
      if (event.sequence <= this.lastSequence) {
        return;
      }
      this.lastSequence = event.sequence;
    }
    if (event.event.case === "stateChanged" && event.event.value.current === SessionState.FINISHED) {
      this.finished = true;
    }
    this.listener.event(event);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
