/**
 * The interview room's session and answer clocks, as plain data: when they started (server time, ms since the
 * epoch), when the current pause began and when the session finished. Paused time is kept out of both: they stand
 * still from the pause on, and when it ends their starts move later by as long as it lasted. No timers here: the
 * page reads them with the local time whenever it redraws.
 */
export interface Clocks {
  /** The first move away from "created"; undefined before it. */
  readonly startedAt: number | undefined;
  /** When the interviewer began waiting for the current answer; undefined between answers. */
  readonly answerStartedAt: number | undefined;
  /** When the current pause began; the clocks read this time until it ends. */
  readonly pausedAt: number | undefined;
  /** When the session finished; the clocks read this time from then on. */
  readonly finishedAt: number | undefined;
  /** Server clock minus local clock (ms), the largest seen in event times; -Infinity before any. */
  readonly skew: number;
}

/** What the clocks show. */
export interface ClockTexts {
  readonly session: string;
  readonly answer: string;
}

export const STOPPED_CLOCKS: Clocks = {
  startedAt: undefined,
  answerStartedAt: undefined,
  pausedAt: undefined,
  finishedAt: undefined,
  skew: Number.NEGATIVE_INFINITY,
};

/** An event stamped serverTime arrived at localTime: the server's clock runs at least that far ahead of ours. */
export function observeServerTime(clocks: Clocks, serverTime: number, localTime: number): Clocks {
  const skew = Math.max(clocks.skew, serverTime - localTime);
  return skew === clocks.skew ? clocks : { ...clocks, skew };
}

export function pauseBegins(clocks: Clocks, time: number): Clocks {
  return clocks.pausedAt !== undefined ? clocks : { ...clocks, pausedAt: time };
}

export function pauseEnds(clocks: Clocks, time: number): Clocks {
  if (clocks.pausedAt === undefined) {
    return clocks;
  }
  const paused = time - clocks.pausedAt;
  return {
    ...clocks,
    pausedAt: undefined,
    startedAt: clocks.startedAt === undefined ? undefined : clocks.startedAt + paused,
    answerStartedAt: clocks.answerStartedAt === undefined ? undefined : clocks.answerStartedAt + paused,
  };
}

export function sessionStarts(clocks: Clocks, time: number): Clocks {
  return clocks.startedAt !== undefined ? clocks : { ...clocks, startedAt: time };
}

export function answerStarts(clocks: Clocks, time: number): Clocks {
  return { ...clocks, answerStartedAt: time };
}

export function answerEnds(clocks: Clocks): Clocks {
  return clocks.answerStartedAt === undefined ? clocks : { ...clocks, answerStartedAt: undefined };
}

export function sessionFinishes(clocks: Clocks, time: number): Clocks {
  return { ...clocks, finishedAt: time, answerStartedAt: undefined };
}

/**
 * The clocks at localNow: the session's running time, and the answer's (with the time limit after it when there
 * is one, "—" between answers).
 */
export function readClocks(clocks: Clocks, localNow: number, answerLimitSeconds: number): ClockTexts {
  const now = clocks.finishedAt ?? clocks.pausedAt ?? localNow + (Number.isFinite(clocks.skew) ? clocks.skew : 0);
  const session = clocks.startedAt !== undefined ? formatClock((now - clocks.startedAt) / 1000) : "0:00";
  if (clocks.answerStartedAt === undefined) {
    return { session, answer: "—" };
  }
  const elapsed = formatClock((now - clocks.answerStartedAt) / 1000);
  return { session, answer: answerLimitSeconds > 0 ? `${elapsed} / ${formatClock(answerLimitSeconds)}` : elapsed };
}

/** "1:05" for 65 seconds; "1:02:03" past an hour. */
export function formatClock(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
