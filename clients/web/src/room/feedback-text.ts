import type { AnswerFeedback } from "../gen/rehearse/interview/v1/interview_pb.js";

/** The change from the previous attempt as the panel says it ("+12 from attempt 1"), or "" on a first attempt. */
export function scoreChange(feedback: AnswerFeedback): string {
  if (feedback.previousOverall === undefined) {
    return "";
  }
  const change = (feedback.scores?.overall ?? 0) - feedback.previousOverall;
  return `${change > 0 ? "+" : change < 0 ? "−" : "±"}${Math.abs(change)} from attempt ${feedback.attempt - 1}`;
}
