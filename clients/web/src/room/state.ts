import { ListeningStatus, SessionState, type AnswerFeedback, type Session, type SessionEvent, type Turn } from "../gen/rehearse/interview/v1/interview_pb.js";
import { STOPPED_CLOCKS, type Clocks } from "./clocks.js";

/**
 * The interview room as data: what the server has said about the session, what the page's own machinery
 * (connection, microphone, playback) has reported and what the candidate has chosen. reduce() in reducer.ts makes
 * the next one from a RoomEvent; the view draws it.
 */
export interface RoomState {
  readonly title: string;
  /** The session's state as the server last reported it. */
  readonly state: SessionState;
  readonly questionIndex: number;
  readonly questionCount: number;
  /** The session's answer time limit in seconds; 0 when none is known. */
  readonly answerLimitSeconds: number;
  /** The server's voice detection hears the candidate (CandidateSpeech). */
  readonly candidateSpeaking: boolean;
  /**
   * How the interviewer reads the candidate's pause (ListeningUpdate): giving them time, or about to reply.
   * LISTENING again once they speak, and whenever the interviewer stops listening.
   */
  readonly listening: ListeningStatus;
  /** The current answer goes on after the interviewer spoke (a check-in, or a reply withdrawn): listening again does not restart its clock. */
  readonly answerContinues: boolean;
  readonly clocks: Clocks;
  readonly reportReady: boolean;
  /** Answering by typing: the microphone stays closed. */
  readonly typing: boolean;
  readonly muted: boolean;
  /** The interviewer has waited for an answer: from then on the microphone stays open (for barge-in). */
  readonly microphoneWanted: boolean;
  readonly microphoneOpen: boolean;
  /** Start was asked for and has not failed. */
  readonly starting: boolean;
  readonly sendingTyped: boolean;
  /** The utterance whose audio is playing; undefined when playback is idle. */
  readonly playingUtterance: string | undefined;
  /** The last utterance cut off by a barge-in or withdrawn: its remaining audio is not played. */
  readonly interruptedUtterance: string | undefined;
  /** The candidate's voice is heard over the interviewer: its playback is turned down until that is settled. */
  readonly interviewerDucked: boolean;
  /** What the interviewer is saying, shown large. */
  readonly stage: Stage;
  /** The conversation in order. */
  readonly transcript: readonly TranscriptEntry[];
  /** The latest lines for screen readers (a polite live region), oldest first. */
  readonly captions: readonly Caption[];
  /** Dismissable messages, newest first. */
  readonly notices: readonly Notice[];
  /** Standing messages about the page's connection, audio, microphone or loading, in the order they were raised. */
  readonly banners: readonly Banner[];
  /** Source of caption and notice ids. */
  readonly serial: number;
  /** Practice mode: the feedback on the question just answered, until the question is asked again or the next one. */
  readonly feedback: AnswerFeedback | undefined;
  /** The main question of the last answer recorded: it can be tried again until the next main question is asked. */
  readonly lastAnsweredQuestion: number | undefined;
}

export interface Stage {
  readonly utteranceId: string | undefined;
  /** "Question 1 of 5", "Follow-up", "Welcome", "Closing" or "". */
  readonly kindText: string;
  /** The greeting: while it plays, Skip stops it and the first question comes at once. */
  readonly greeting: boolean;
  readonly text: string;
  /** A check-in said while the candidate answers ("Take your time…"): shown under the question, which stays. */
  readonly aside: string | undefined;
  /** The sentence being heard right now: characters [start, end) of the text. */
  readonly highlight: { readonly start: number; readonly end: number; readonly sentenceIndex: number } | undefined;
}

export type TranscriptEntry = InterviewerEntry | AnswerEntry;

export interface InterviewerEntry {
  readonly kind: "interviewer";
  readonly key: string;
  readonly utteranceId: string | undefined;
  /** "Question 1 of 5", "Follow-up", … or "" (as on the stage). */
  readonly kindText: string;
  /** "Interviewer · Question 1 of 5", or "Interviewer". */
  readonly label: string;
  readonly text: string;
  /** The candidate cut it off ("Interrupted by you"). */
  readonly interrupted: boolean;
  /** A check-in: an aside while the candidate answers, not a new question. */
  readonly aside: boolean;
}

export interface AnswerEntry {
  readonly kind: "answer";
  readonly key: string;
  readonly turnIndex: number;
  /** Recognised utterances by segment index; an interim text is replaced by later ones of the same segment. */
  readonly segments: readonly Segment[];
  /** The recorded answer; shown instead of the segments once known. */
  readonly result: { readonly text: string; readonly skipped: boolean } | undefined;
  /** AnswerCompleted arrived: nothing changes it any more. */
  readonly complete: boolean;
  readonly typed: boolean;
}

export interface Segment {
  readonly index: number;
  readonly text: string;
  readonly final: boolean;
}

export interface Caption {
  readonly id: number;
  readonly text: string;
}

export type NoticeKind = "info" | "warning" | "error";

export interface Notice {
  readonly id: number;
  readonly kind: NoticeKind;
  readonly message: string;
}

export type BannerId = "load" | "connection" | "audio" | "microphone";
/** What a banner's button does. */
export type BannerAction = "retry-load" | "back-to-setup" | "answer-by-typing";

export interface Banner {
  readonly id: BannerId;
  readonly kind: NoticeKind;
  readonly message: string;
  readonly action: BannerAction | undefined;
}

/** What changes the room. `at` is the local time (ms since the epoch) it happened at. */
export type RoomEvent =
  // From the server.
  | { readonly type: "loaded"; readonly session: Session; readonly turns: readonly Turn[]; readonly at: number }
  | { readonly type: "loadFailed"; readonly message: string }
  | { readonly type: "server"; readonly event: SessionEvent; readonly at: number }
  // The event stream, the audio sender, the microphone and the speech player.
  | { readonly type: "connection"; readonly lost: string | null }
  | { readonly type: "streamFailed"; readonly message: string }
  | { readonly type: "audioTrouble"; readonly message: string | null }
  | { readonly type: "microphoneOpened" }
  | { readonly type: "microphoneClosed" }
  | { readonly type: "microphoneFailed"; readonly message: string }
  | { readonly type: "sentenceHeard"; readonly utteranceId: string; readonly sentence: string; readonly sentenceIndex: number }
  | { readonly type: "playbackIdle" }
  | { readonly type: "bargedIn"; readonly utteranceId: string }
  /** The page's barge-in detector turned the interviewer down (voice heard over it) or back up (it was short). */
  | { readonly type: "interviewerDucked"; readonly ducked: boolean }
  | { readonly type: "reportFound" }
  // The candidate.
  | { readonly type: "muteToggled" }
  | { readonly type: "typingChosen" }
  | { readonly type: "startRequested" }
  | { readonly type: "startFailed"; readonly message: string }
  | { readonly type: "controlFailed"; readonly message: string }
  | { readonly type: "typedAnswerSending" }
  | { readonly type: "typedAnswerSent" }
  | { readonly type: "typedAnswerFailed"; readonly message: string }
  | { readonly type: "noticeDismissed"; readonly id: number };

/** What the state indicator says; derived only from server events. */
export type Indicator = "ready" | "speaking" | "listening" | "recording" | "taking-time" | "likely-done" | "processing" | "reviewing" | "paused" | "finished";

export function initialRoomState(typing: boolean): RoomState {
  return {
    title: "Interview",
    state: SessionState.CREATED,
    questionIndex: 0,
    questionCount: 0,
    answerLimitSeconds: 0,
    candidateSpeaking: false,
    listening: ListeningStatus.LISTENING,
    answerContinues: false,
    clocks: STOPPED_CLOCKS,
    reportReady: false,
    typing,
    muted: false,
    microphoneWanted: false,
    microphoneOpen: false,
    starting: false,
    sendingTyped: false,
    playingUtterance: undefined,
    interruptedUtterance: undefined,
    interviewerDucked: false,
    stage: { utteranceId: undefined, kindText: "", greeting: false, text: "The interviewer's questions appear here.", aside: undefined, highlight: undefined },
    transcript: [],
    captions: [],
    notices: [],
    banners: [],
    serial: 0,
    feedback: undefined,
    lastAnsweredQuestion: undefined,
  };
}

export function indicatorOf(s: RoomState): Indicator {
  switch (s.state) {
    case SessionState.SPEAKING:
      return "speaking";
    case SessionState.LISTENING:
      // The interviewer's reading of a pause is newer than the voice detection's last word (it follows the speech).
      if (s.listening === ListeningStatus.TAKING_TIME) {
        return "taking-time";
      }
      if (s.listening === ListeningStatus.LIKELY_DONE) {
        return "likely-done";
      }
      return s.candidateSpeaking ? "recording" : "listening";
    case SessionState.THINKING:
      return "processing";
    case SessionState.REVIEWING:
      return "reviewing";
    case SessionState.PAUSED:
      return "paused";
    case SessionState.FINISHED:
      return "finished";
    default:
      return "ready";
  }
}

/**
 * Whether the question just answered can be tried again (CONTROL_ACTION_REDO_ANSWER): at the feedback, and in any
 * mode after an answer until the next main question is asked (the server says the same).
 */
export function canRedo(s: RoomState): boolean {
  return interviewRuns(s) && s.lastAnsweredQuestion === s.questionIndex;
}

/**
 * The interview runs: started, and neither paused nor finished. Once the event stream is back after a drop, the
 * page sends START again for a running interview: a server that took the session over from one that died (or
 * restarted) waits for START before it goes on, and a server still running it ignores a second START. A paused or
 * finished session is left as it was.
 */
export function interviewRuns(s: RoomState): boolean {
  return s.state === SessionState.SPEAKING || s.state === SessionState.LISTENING || s.state === SessionState.THINKING || s.state === SessionState.REVIEWING;
}

/** Whether the microphone should be open now. */
export function wantsMicrophone(s: RoomState): boolean {
  return s.microphoneWanted && !s.muted && !s.typing;
}

/** The interviewer is saying its greeting, which the candidate may skip. */
export function greetingPlays(s: RoomState): boolean {
  return s.state === SessionState.SPEAKING && s.stage.greeting;
}

/** Audio goes to the server while it listens, and while it speaks (so it can notice a barge-in too). */
export function sendsAudio(s: RoomState): boolean {
  return s.state === SessionState.LISTENING || s.state === SessionState.SPEAKING;
}

/** Whether audio of this utterance is played: not after it was interrupted, nor while paused. */
export function audible(s: RoomState, utteranceId: string): boolean {
  return utteranceId !== s.interruptedUtterance && s.state !== SessionState.PAUSED;
}

