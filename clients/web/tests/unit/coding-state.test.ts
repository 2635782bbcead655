import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { RunStatus, TestSet, Verdict } from "../../src/gen/rehearse/coding/v1/coding_pb.js";
import { CodingUpdateKind, CodingUpdateSchema, SessionEventSchema, SessionState, TurnSchema, UtteranceKind } from "../../src/gen/rehearse/interview/v1/interview_pb.js";
import { codingFromTurns, codingUpdated, hintsLeft } from "../../src/room/coding/coding-state.js";
import { reduce } from "../../src/room/reducer.js";
import { initialRoomState, type InterviewerEntry, type RoomEvent } from "../../src/room/state.js";

const problem = { summary: { id: "two-sum", title: "Two Sum" }, statement: "Find them.", starterCode: [], hiddenTestCount: 5 };
const task = (extra: object = {}) => ({ problem, code: "def two_sum(nums, target):\n    pass\n", hintCount: 2, ...extra });
const result = (passedCount: number, testCount: number) => ({ status: RunStatus.COMPLETED, verdict: passedCount === testCount ? Verdict.ACCEPTED : Verdict.WRONG_ANSWER, passedCount, testCount });

describe("coding state", () => {
  it("shows the problem when it is presented, then each run's result", () => {
    let s = codingUpdated(undefined, create(CodingUpdateSchema, { kind: CodingUpdateKind.PROBLEM_PRESENTED, turnIndex: 3, task: task() }));
    assert.equal(s?.turnIndex, 3);
    assert.equal(s?.task.problem?.summary?.title, "Two Sum");
    assert.equal(s?.result, undefined);

    s = codingUpdated(s, create(CodingUpdateSchema, { kind: CodingUpdateKind.RUN_FINISHED, turnIndex: 3, task: task({ runs: [{ testSet: TestSet.EXAMPLES, passedCount: 1, testCount: 2 }] }), result: result(1, 2) }));
    assert.equal(s?.result?.kind, "examples");
    assert.equal(s?.result?.response.passedCount, 1);

    s = codingUpdated(s, create(CodingUpdateSchema, { kind: CodingUpdateKind.HINT_GIVEN, turnIndex: 3, task: task({ hints: ["Use a hash map."] }), hint: "Use a hash map." }));
    assert.equal(s?.result?.response.passedCount, 1, "a hint keeps the last result on show");
    assert.equal(s && hintsLeft(s.task), 1);

    s = codingUpdated(s, create(CodingUpdateSchema, { kind: CodingUpdateKind.SUBMITTED, turnIndex: 3, task: task({ submitted: true }), result: result(7, 7) }));
    assert.equal(s?.result?.kind, "submit");
    assert.equal(s?.task.submitted, true);
  });

  it("forgets the last result when the next problem is presented, and ignores an update without a problem", () => {
    let s = codingUpdated(undefined, create(CodingUpdateSchema, { kind: CodingUpdateKind.SUBMITTED, turnIndex: 1, task: task(), result: result(7, 7) }));
    s = codingUpdated(s, create(CodingUpdateSchema, { kind: CodingUpdateKind.PROBLEM_PRESENTED, turnIndex: 4, task: task() }));
    assert.equal(s?.turnIndex, 4);
    assert.equal(s?.result, undefined);
    assert.equal(codingUpdated(s, create(CodingUpdateSchema, { kind: CodingUpdateKind.RUN_FINISHED, turnIndex: 4 })), s);
  });

  it("restores the last coding question from the session's turns, with its submission", () => {
    const turns = [
      create(TurnSchema, { index: 0, question: "Spoken question" }),
      create(TurnSchema, { index: 1, coding: task({ submitted: true, submissionResult: result(6, 7) }) }),
      create(TurnSchema, { index: 2, question: "What is its complexity?" }),
    ];
    const s = codingFromTurns(turns);
    assert.equal(s?.turnIndex, 1);
    assert.equal(s?.result?.kind, "submit");
    assert.equal(s?.result?.response.passedCount, 6);
    assert.equal(codingFromTurns([turns[0]!]), undefined);
  });

  it("shows a hint as an aside: the problem stays on the stage", () => {
    const event = (e: object): RoomEvent => ({ type: "server", event: create(SessionEventSchema, { time: timestampFromMs(0), event: e as never }), at: 0 });
    const s = [
      event({ case: "stateChanged", value: { current: SessionState.SPEAKING, questionIndex: 0, questionCount: 2 } }),
      event({ case: "interviewerUtterance", value: { utteranceId: "q1", kind: UtteranceKind.QUESTION, text: "Solve Two Sum.", isComplete: true } }),
      event({ case: "interviewerUtterance", value: { utteranceId: "h1", kind: UtteranceKind.HINT, text: "Think of a hash map.", isComplete: true } }),
    ].reduce(reduce, initialRoomState(false));
    assert.equal(s.stage.text, "Solve Two Sum.");
    assert.equal(s.stage.aside, "Think of a hash map.");
    const hint = s.transcript.find((e): e is InterviewerEntry => e.kind === "interviewer" && e.utteranceId === "h1");
    assert.equal(hint?.label, "Interviewer · Hint");
  });
});
