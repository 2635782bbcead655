import {
  Difficulty,
  InterviewerEngine,
  InterviewType,
  SessionState,
} from "../gen/rehearse/interview/v1/interview_pb.js";

export const INTERVIEW_TYPE_NAMES: Record<number, string> = {
  [InterviewType.TECHNICAL]: "Technical",
  [InterviewType.BEHAVIORAL]: "Behavioral",
  [InterviewType.SYSTEM_DESIGN]: "System design",
};

export const DIFFICULTY_NAMES: Record<number, string> = {
  [Difficulty.EASY]: "Easy",
  [Difficulty.MEDIUM]: "Medium",
  [Difficulty.HARD]: "Hard",
};

export const ENGINE_NAMES: Record<number, string> = {
  [InterviewerEngine.OFFLINE]: "Built-in interviewer",
  [InterviewerEngine.GEMINI]: "Gemini",
  [InterviewerEngine.OPENAI_COMPATIBLE]: "OpenAI-compatible model",
};

export const SESSION_STATE_NAMES: Record<number, string> = {
  [SessionState.CREATED]: "Not started",
  [SessionState.SPEAKING]: "In progress",
  [SessionState.LISTENING]: "In progress",
  [SessionState.THINKING]: "In progress",
  [SessionState.PAUSED]: "Paused",
  [SessionState.FINISHED]: "Finished",
};

export function formatDate(date: Date | undefined): string {
  if (!date) {
    return "";
  }
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
