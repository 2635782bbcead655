import { Language } from "../gen/rehearse/coding/v1/coding_pb.js";
import {
  Difficulty,
  InterviewerEngine,
  InterviewType,
  Patience,
  SessionState,
} from "../gen/rehearse/interview/v1/interview_pb.js";

export const INTERVIEW_TYPE_NAMES: Record<number, string> = {
  [InterviewType.TECHNICAL]: "Technical",
  [InterviewType.BEHAVIORAL]: "Behavioral",
  [InterviewType.SYSTEM_DESIGN]: "System design",
  [InterviewType.CODING]: "Coding",
};

export const LANGUAGE_NAMES: Record<number, string> = {
  [Language.PYTHON]: "Python",
  [Language.JAVASCRIPT]: "JavaScript",
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

/** The interviewer's patience choices, in the order offered, each with a line saying what it does. */
export const PATIENCE_CHOICES: readonly { readonly patience: Patience; readonly name: string; readonly hint: string }[] = [
  { patience: Patience.RELAXED, name: "Relaxed", hint: "Waits longest through pauses, about two seconds even after a finished sentence: for when you like to think as you speak." },
  { patience: Patience.NORMAL, name: "Normal", hint: "Replies soon after a finished thought, waits when you stop mid-sentence." },
  { patience: Patience.BRISK, name: "Brisk", hint: "Short waits for a quick pace; a long pause may be taken as your answer's end." },
];

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
