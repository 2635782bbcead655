import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create } from "@bufbuild/protobuf";
import { ReportSchema, TurnKind } from "../../src/gen/rehearse/interview/v1/interview_pb.js";
import { questionCards } from "../../src/pages/report-questions.js";

const scores = (overall: number) => ({ overall, technicalDepth: { score: overall }, communication: { score: overall }, problemSolving: { score: overall } });

describe("questionCards", () => {
  it("puts a main answer and its follow-up on one card with the question's score, not the answers' own", () => {
    const report = create(ReportSchema, {
      turns: [
        { turn: { index: 0, kind: TurnKind.QUESTION, questionIndex: 0, question: "What is an index?", scores: scores(61) } },
        { turn: { index: 1, kind: TurnKind.FOLLOW_UP, questionIndex: 0, question: "Go deeper?", scores: scores(17) } },
        { turn: { index: 2, kind: TurnKind.QUESTION, questionIndex: 1, question: "What is N+1?", scores: scores(40) }, relevance: { possiblyOffTopic: true, reason: "about something else" } },
      ],
      questionScores: [
        { questionIndex: 0, question: "What is an index?", scores: scores(56), explanation: "A follow-up went unanswered, which takes 5 points off." },
        { questionIndex: 1, question: "What is N+1?", scores: scores(20), possiblyOffTopic: true },
      ],
    });

    const cards = questionCards(report);

    assert.deepEqual(cards.map((c) => [c.questionIndex, c.scores?.overall, c.turns.length, c.possiblyOffTopic]), [
      [0, 56, 2, false],
      [1, 20, 1, true],
    ]);
    assert.equal(cards[0]?.explanation, "A follow-up went unanswered, which takes 5 points off.");
  });

  it("falls back to the main answer's scores in a report written before questions were scored whole", () => {
    const report = create(ReportSchema, {
      turns: [
        { turn: { index: 0, kind: TurnKind.QUESTION, questionIndex: 0, question: "Q1", scores: scores(70) } },
        { turn: { index: 1, kind: TurnKind.FOLLOW_UP, questionIndex: 0, question: "F1", scores: scores(30) }, relevance: { possiblyOffTopic: true } },
      ],
    });

    const [card] = questionCards(report);

    assert.equal(card?.scores?.overall, 70);
    assert.equal(card?.question, "Q1");
    assert.equal(card?.possiblyOffTopic, true);
    assert.equal(card?.explanation, "");
  });
});
