import { TurnKind, type AnswerScores, type QuestionAttempt, type Report, type TurnFeedback } from "../gen/rehearse/interview/v1/interview_pb.js";

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
  /** Every attempt at the question when it was tried more than once, in order; the score is the last one's. */
  attempts: QuestionAttempt[];
}

/** An attempt's answers beside its score and its change from the attempt before. */
export interface AttemptColumn {
  attempt: number;
  overall: number;
  /** Change from the previous attempt; undefined for the first. */
  change: number | undefined;
  turns: TurnFeedback[];
}

/** A question's attempts side by side: each with its score, its change and its own answers (main and follow-ups). */
export function attemptColumns(card: QuestionCard): AttemptColumn[] {
  return card.attempts.map((a, i) => {
    const overall = a.scores?.overall ?? 0;
    const before = i > 0 ? (card.attempts[i - 1]?.scores?.overall ?? 0) : undefined;
    return {
      attempt: a.attempt,
      overall,
      change: before === undefined ? undefined : overall - before,
      turns: card.turns.filter((t) => a.turnIndexes.includes(t.turn?.index ?? -1)),
    };
  });
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
      attempts: scored?.attempts ?? [],
    };
  });
}
