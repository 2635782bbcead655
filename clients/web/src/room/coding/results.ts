import { durationMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { RunStatus, Verdict, type RunCodeResponse, type TestResult } from "../../gen/rehearse/coding/v1/coding_pb.js";

/** Which button started a run: the examples only, or every test (the hidden ones too). */
export type RunKind = "examples" | "submit";

export type RunTone = "passed" | "failed" | "limit" | "error";

/** A run's outcome as the page says it. */
export interface RunSummary {
  readonly tone: RunTone;
  /** One line: "All 2 examples passed", "1 of 8 tests passed", "Time limit exceeded". */
  readonly headline: string;
  /** What the headline means for the candidate, when it needs saying (a limit hit, an error). */
  readonly detail: string | undefined;
  /** The visible tests, with their input, expected and actual values. */
  readonly visible: readonly TestResult[];
  /** Hidden tests are counted, never shown. */
  readonly hiddenPassed: number;
  readonly hiddenFailed: number;
  /** Wall-clock time of the run in seconds, sandbox start-up included. */
  readonly seconds: number;
}

export function summarizeRun(response: RunCodeResponse, kind: RunKind): RunSummary {
  const visible = response.testResults.filter((t) => !t.hidden);
  const hidden = response.testResults.filter((t) => t.hidden);
  const hiddenPassed = hidden.filter((t) => t.passed).length;
  const seconds = response.wallTime ? durationMs(response.wallTime) / 1000 : 0;
  const base = { visible, hiddenPassed, hiddenFailed: hidden.length - hiddenPassed, seconds };
  const limit = limitMessage(response);
  if (limit) {
    return { ...base, tone: "limit", headline: limit.headline, detail: limit.detail };
  }
  const what = kind === "examples" ? "examples" : "tests";
  const count = response.testCount || response.testResults.length;
  if (response.status === RunStatus.RUNTIME_ERROR && response.testResults.length === 0) {
    return { ...base, tone: "error", headline: "The code did not run", detail: lastLine(response.stderr) || "It stopped with an error before any test ran; the error output below says why." };
  }
  if (response.verdict === Verdict.ACCEPTED) {
    return { ...base, tone: "passed", headline: count === 1 ? `The ${what === "examples" ? "example" : "test"} passed` : `All ${count} ${what} passed`, detail: undefined };
  }
  const failedWithError = response.testResults.find((t) => !t.passed && t.error);
  return {
    ...base,
    tone: "failed",
    headline: `${response.passedCount} of ${count} ${what} passed`,
    detail: failedWithError && !failedWithError.hidden ? undefined : failedWithError?.error || undefined,
  };
}

function limitMessage(response: RunCodeResponse): { headline: string; detail: string } | undefined {
  switch (response.status) {
    case RunStatus.TIME_LIMIT_EXCEEDED:
      return {
        headline: "Time limit exceeded",
        detail: "The code ran past the time limit and was stopped. Look for a loop that never ends, or an approach slower than the problem needs.",
      };
    case RunStatus.MEMORY_LIMIT_EXCEEDED:
      return {
        headline: "Memory limit exceeded",
        detail: "The code needed more memory than a run may use and was stopped. Look for a structure that grows without bound, or deep recursion.",
      };
    case RunStatus.OUTPUT_LIMIT_EXCEEDED:
      return {
        headline: "Output limit exceeded",
        detail: "The code printed more than a run may print and was stopped; the output below is cut. Print less (a debugging print inside a loop?).",
      };
    default:
      return undefined;
  }
}

function lastLine(text: string): string {
  return text.trim().split("\n").at(-1)?.trim() ?? "";
}

/** What the page says when a run could not happen at all (as opposed to a run that failed). */
export function describeRunFailure(error: unknown): string {
  const e = ConnectError.from(error);
  switch (e.code) {
    case Code.Unavailable:
      return "The code runner is not available right now, so the code could not run. Your code is kept here; try again in a moment.";
    case Code.ResourceExhausted:
      return "The code runner is busy with other runs. Try again in a few seconds.";
    case Code.Unimplemented:
      return "This server does not run code: no code runner is set up.";
    case Code.DeadlineExceeded:
      return "The run took too long to answer. Try again.";
    default:
      return e.rawMessage.trim() || "The code could not be run.";
  }
}

/** Streamed output as it arrives, kept to the last maxCharacters so a chatty program cannot swamp the page. */
export function appendOutput(shown: string, chunk: string, maxCharacters = 64 * 1024): string {
  const joined = shown + chunk;
  return joined.length <= maxCharacters ? joined : joined.slice(joined.length - maxCharacters);
}
