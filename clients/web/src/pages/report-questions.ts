import { TurnKind, type AnswerScores, type Report, type TurnFeedback } from "../gen/rehearse/interview/v1/interview_pb.js";

/** One main question of a report with its answers (main and follow-ups) and the one score the report gives it. */
export interface QuestionCard {
  questionIndex: number;
  question: string;
  /** The question's score: the same number the summary quotes. */
  scores: AnswerScores | undefined;
  possiblyOffTopic: boolean;
  /** How the answers were combined into the score; empty for reports written before questions were scored whole. */
  explanation: string;
  turns: TurnFeedback[];
}

/**
 * Groups a report's answers by main question, in order. Each card takes its score from the report's question scores;
 * a report written before those existed shows its main answer's own scores.
 */
export function questionCards(report: Report): QuestionCard[] {
  const threads = new Map<number, TurnFeedback[]>();
  for (const feedback of report.turns) {
    const index = feedback.turn?.questionIndex ?? 0;
    threads.set(index, [...(threads.get(index) ?? []), feedback]);
  }
  return [...threads.entries()].map(([questionIndex, turns]) => {
    const scored = report.questionScores.find((q) => q.questionIndex === questionIndex);
    const main = turns.find((t) => t.turn?.kind !== TurnKind.FOLLOW_UP) ?? turns[0];
    return {
      questionIndex,
      question: scored?.question || main?.turn?.question || "",
      scores: scored?.scores ?? main?.turn?.scores,
      possiblyOffTopic: scored?.possiblyOffTopic ?? turns.some((t) => t.relevance?.possiblyOffTopic === true),
      explanation: scored?.explanation ?? "",
      turns,
    };
  });
}
