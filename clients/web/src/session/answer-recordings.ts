/**
 * The candidate's own answer audio, kept in this page's memory only: nothing is written to disk or sent anywhere
 * beyond what the interview already sends. A recording lasts until the page is closed or reloaded, or its session is
 * deleted (forget). It holds the 16 kHz samples sent for one turn and the turn's final transcript segments with their
 * offsets in that audio, so a replay can highlight the words as they play.
 */
export const RECORDING_SAMPLE_RATE = 16_000;

export interface RecordedSegment {
  readonly index: number;
  readonly text: string;
  readonly startMs: number;
  readonly endMs: number;
}

export interface AnswerRecording {
  readonly samples: Int16Array;
  readonly segments: readonly RecordedSegment[];
}

interface Building {
  chunks: Int16Array[];
  segments: Map<number, RecordedSegment>;
}

const sessions = new Map<string, Map<number, Building>>();

function building(sessionId: string, turnIndex: number): Building {
  let turns = sessions.get(sessionId);
  if (!turns) {
    turns = new Map();
    sessions.set(sessionId, turns);
  }
  let turn = turns.get(turnIndex);
  if (!turn) {
    turn = { chunks: [], segments: new Map() };
    turns.set(turnIndex, turn);
  }
  return turn;
}

/** Adds audio sent while the turn was being answered. */
export function recordAudio(sessionId: string, turnIndex: number, samples: Int16Array): void {
  building(sessionId, turnIndex).chunks.push(samples.slice());
}

/** Adds (or replaces) a final transcript segment of the turn. */
export function recordSegment(sessionId: string, turnIndex: number, segment: RecordedSegment): void {
  building(sessionId, turnIndex).segments.set(segment.index, segment);
}

/** The recording of a turn, or undefined when this page holds none (typed, skipped, or recorded elsewhere). */
export function recordingOf(sessionId: string, turnIndex: number): AnswerRecording | undefined {
  const turn = sessions.get(sessionId)?.get(turnIndex);
  if (!turn || turn.chunks.length === 0) {
    return undefined;
  }
  const samples = new Int16Array(turn.chunks.reduce((n, chunk) => n + chunk.length, 0));
  let offset = 0;
  for (const chunk of turn.chunks) {
    samples.set(chunk, offset);
    offset += chunk.length;
  }
  return { samples, segments: [...turn.segments.values()].sort((a, b) => a.index - b.index) };
}

/** Drops a session's recordings (the session was deleted). */
export function forgetRecordings(sessionId: string): void {
  sessions.delete(sessionId);
}

/** Drops every recording (all of the user's data was deleted). */
export function forgetAllRecordings(): void {
  sessions.clear();
}

/** The segment playing at `ms` into the recording: the last one started by then and not yet over; -1 for none. */
export function segmentAt(segments: readonly RecordedSegment[], ms: number): number {
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]!;
    if (segment.startMs <= ms) {
      return ms < segment.endMs ? segment.index : -1;
    }
  }
  return -1;
}
