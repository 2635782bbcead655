import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { AnswerFeedbackSchema, ReportSchema, SessionEventSchema, SessionState, TurnKind, TurnSchema, UtteranceKind, type SessionEvent } from "../../src/gen/rehearse/interview/v1/interview_pb.js";
import { attemptColumns, questionCards } from "../../src/pages/report-questions.js";
import { scoreChange } from "../../src/room/feedback-text.js";
import { reduce } from "../../src/room/reducer.js";
import { canRedo, indicatorOf, initialRoomState, type RoomEvent, type RoomState } from "../../src/room/state.js";

let sequence = 0n;
function server(event: SessionEvent["event"]): RoomEvent {
  sequence++;
  return { type: "server", event: create(SessionEventSchema, { sequence, time: timestampFromMs(0), event }), at: 0 };
}
const state = (current: SessionState, questionIndex = 0) =>
  server({ case: "stateChanged", value: { $typeName: "rehearse.interview.v1.StateChanged", previous: SessionState.UNSPECIFIED, current, questionIndex, questionCount: 2 } });
const question = (id: string, questionIndex: number) =>
  server({ case: "interviewerUtterance", value: { $typeName: "rehearse.interview.v1.InterviewerUtterance", utteranceId: id, kind: UtteranceKind.QUESTION, text: `Question ${questionIndex}`, isComplete: true, turnIndex: 0, questionIndex } });
const completed = (index: number, questionIndex: number) =>
  server({ case: "answerCompleted", value: { $typeName: "rehearse.interview.v1.AnswerCompleted", turn: create(TurnSchema, { index, questionIndex, answer: "An answer." }), reason: 4 } });
const feedback = (attempt: number, overall: number, previousOverall?: number) =>
  create(AnswerFeedbackSchema, { questionIndex: 0, attempt, scores: { overall }, tip: "Give an example.", previousOverall });

function run(events: RoomEvent[]): RoomState {
  return events.reduce(reduce, initialRoomState(true));
}

describe("practice loop in the room", () => {
  it("shows the feedback while reviewing and clears it when the question is asked again", () => {
    const given = feedback(1, 42);
    let s = run([state(SessionState.LISTENING), question("q0", 0), completed(0, 0), server({ case: "answerFeedback", value: given }), state(SessionState.REVIEWING)]);
    assert.equal(s.feedback, given);
    assert.equal(indicatorOf(s), "reviewing");
    assert.ok(canRedo(s));
    assert.match(s.captions.at(-1)?.text ?? "", /scores 42 out of 100/);

    s = run([state(SessionState.LISTENING), question("q0", 0), completed(0, 0), server({ case: "answerFeedback", value: given }), state(SessionState.REVIEWING), question("q0-again", 0)]);
    assert.equal(s.feedback, undefined);
  });

  it("offers a redo after an answer until the next main question is asked", () => {
    assert.equal(canRedo(run([state(SessionState.LISTENING), question("q0", 0)])), false, "nothing answered yet");
    assert.ok(canRedo(run([state(SessionState.LISTENING), question("q0", 0), completed(0, 0), state(SessionState.THINKING)])));
    assert.equal(canRedo(run([state(SessionState.LISTENING), question("q0", 0), completed(0, 0), state(SessionState.SPEAKING, 1)])), false, "question 2 is asked");
    assert.equal(canRedo(run([state(SessionState.LISTENING), question("q0", 0), completed(0, 0), state(SessionState.PAUSED)])), false, "paused");
  });

  it("says the change from the previous attempt", () => {
    assert.equal(scoreChange(feedback(1, 40)), "");
    assert.equal(scoreChange(feedback(2, 55, 40)), "+15 from attempt 1");
    assert.equal(scoreChange(feedback(3, 50, 55)), "−5 from attempt 2");
  });
});

describe("attempts in the report", () => {
  it("sets each attempt's answers beside its score and change, the question scoring the last", () => {
    const scores = (overall: number) => ({ overall });
    const report = create(ReportSchema, {
      turns: [
        { turn: { index: 0, kind: TurnKind.QUESTION, questionIndex: 0, attempt: 1 } },
        { turn: { index: 1, kind: TurnKind.FOLLOW_UP, questionIndex: 0, attempt: 1 } },
        { turn: { index: 2, kind: TurnKind.QUESTION, questionIndex: 0, attempt: 2 } },
      ],
      questionScores: [
        { questionIndex: 0, scores: scores(70), attempts: [{ attempt: 1, scores: scores(45), turnIndexes: [0, 1] }, { attempt: 2, scores: scores(70), turnIndexes: [2] }] },
      ],
    });

    const [card] = questionCards(report);
    assert.ok(card);
    assert.equal(card.scores?.overall, 70);
    assert.deepEqual(attemptColumns(card).map((c) => [c.attempt, c.overall, c.change, c.turns.map((t) => t.turn?.index)]), [
      [1, 45, undefined, [0, 1]],
      [2, 70, 25, [2]],
    ]);
  });
});
