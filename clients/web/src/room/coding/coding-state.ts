import type { RunCodeResponse } from "../../gen/rehearse/coding/v1/coding_pb.js";
import { TestSet } from "../../gen/rehearse/coding/v1/coding_pb.js";
import { CodingUpdateKind, type CodingTask, type CodingUpdate, type Turn } from "../../gen/rehearse/interview/v1/interview_pb.js";
import type { RunKind } from "./results.js";

/**
 * The coding question the room shows, as the server last described it: the task (problem, code, runs, hints,
 * submission) and the newest run result to show. Built from GetSession's turns and then from CodingUpdate events
 * (which the event stream replays after a reload), so another tab's runs and hints show here too.
 */
export interface CodingState {
  readonly turnIndex: number;
  readonly task: CodingTask;
  readonly result: ShownResult | undefined;
}

export interface ShownResult {
  readonly kind: RunKind;
  readonly response: RunCodeResponse;
}

/** The last turn that carries a coding task, or undefined when the interview has none yet. */
export function codingFromTurns(turns: readonly Turn[]): CodingState | undefined {
  const turn = [...turns].reverse().find((t) => t.coding?.problem !== undefined);
  if (!turn?.coding) {
    return undefined;
  }
  const submission = turn.coding.submissionResult;
  return { turnIndex: turn.index, task: turn.coding, result: submission ? { kind: "submit", response: submission } : undefined };
}

/** The state after a CodingUpdate: a new problem replaces the old one; a run or submission brings its result. */
export function codingUpdated(s: CodingState | undefined, update: CodingUpdate): CodingState | undefined {
  const task = update.task;
  if (!task?.problem) {
    return s;
  }
  const sameTurn = s?.turnIndex === update.turnIndex;
  let result = sameTurn ? s.result : undefined;
  if (update.result && update.kind === CodingUpdateKind.SUBMITTED) {
    result = { kind: "submit", response: update.result };
  } else if (update.result && update.kind === CodingUpdateKind.RUN_FINISHED) {
    result = { kind: task.runs.at(-1)?.testSet === TestSet.ALL ? "submit" : "examples", response: update.result };
  }
  return { turnIndex: update.turnIndex, task, result };
}

/** How many of the problem's hints are left to ask for. */
export function hintsLeft(task: CodingTask): number {
  return Math.max(0, task.hintCount - task.hints.length);
}
