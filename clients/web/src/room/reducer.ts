import { durationMs, timestampDate } from "@bufbuild/protobuf/wkt";
import { ListeningStatus, NoticeLevel, SessionState, UtteranceKind, type Session, type SessionEvent, type Turn } from "../gen/rehearse/interview/v1/interview_pb.js";
import * as clocks from "./clocks.js";
import {
  audible,
  type AnswerEntry,
  type BannerAction,
  type BannerId,
  type InterviewerEntry,
  type NoticeKind,
  type RoomEvent,
  type RoomState,
  type Segment,
  type Stage,
  type TranscriptEntry,
} from "./state.js";

const MAX_CAPTIONS = 5;
const MAX_NOTICES = 3;

/**
 * The next state of the interview room after an event: the server's session events, what the page's own machinery
 * reports (connection, microphone, playback) and the candidate's actions. Pure: no DOM, no timers, no I/O; times
 * come in with the events.
 */
export function reduce(s: RoomState, event: RoomEvent): RoomState {
  switch (event.type) {
    case "loaded":
      return loaded(s, event.session, event.turns, event.at);
    case "loadFailed":
      return setBanner(s, "load", event.message, "error", "retry-load");
    case "server":
      return serverEvent(s, event.event, event.at);
    case "connection":
      return setBanner(s, "connection", event.lost, "warning");
    case "streamFailed":
      return setBanner(s, "connection", `The interview cannot continue: ${event.message}`, "error", "back-to-setup");
    case "audioTrouble":
      return setBanner(s, "audio", event.message, "warning");
    case "microphoneOpened":
      return setBanner({ ...s, microphoneOpen: true }, "microphone", null);
    case "microphoneClosed":
      return { ...s, microphoneOpen: false };
    case "microphoneFailed":
      return setBanner({ ...s, microphoneOpen: false }, "microphone", event.message, "warning", "answer-by-typing");
    case "sentenceHeard":
      return s.stage.utteranceId === event.utteranceId ? withStage(s, { highlight: highlight(s.stage.text, event.sentence, event.sentenceIndex) }) : s;
    case "playbackIdle":
      return withStage({ ...s, playingUtterance: undefined, interviewerDucked: false }, { highlight: undefined });
    case "bargedIn":
      return markInterrupted({ ...s, interruptedUtterance: event.utteranceId, interviewerDucked: false }, event.utteranceId);
    case "interviewerDucked":
      return s.playingUtterance !== undefined || !event.ducked ? { ...s, interviewerDucked: event.ducked } : s;
    case "reportFound":
      return { ...s, reportReady: true };
    case "muteToggled":
      if (s.typing) {
        // Coming back from typing to speaking.
        return { ...s, typing: false, muted: false, microphoneWanted: s.state !== SessionState.CREATED && s.state !== SessionState.FINISHED };
      }
      return { ...s, muted: !s.muted };
    case "typingChosen":
      return setBanner({ ...s, typing: true }, "microphone", null);
    case "startRequested":
      return { ...s, starting: true };
    case "startFailed":
      return addNotice({ ...s, starting: false }, "error", `The interview could not start: ${event.message}`);
    case "controlFailed":
      return addNotice(s, "error", event.message);
    case "typedAnswerSending":
      return { ...s, sendingTyped: true };
    case "typedAnswerSent":
      return { ...s, sendingTyped: false };
    case "typedAnswerFailed":
      // The text stays in its box, so nothing is lost.
      return addNotice({ ...s, sendingTyped: false }, "error", `Your answer was not sent: ${event.message}`);
    case "noticeDismissed":
      return { ...s, notices: s.notices.filter((notice) => notice.id !== event.id) };
  }
}

// ---- Server events -----------------------------------------------------------------------------------------------

function loaded(s: RoomState, session: Session, turns: readonly Turn[], at: number): RoomState {
  const next: RoomState = {
    ...setBanner(s, "load", null),
    title: session.title || "Interview",
    state: session.state,
    questionIndex: session.questionIndex,
    questionCount: session.questionCount,
    answerLimitSeconds: session.config?.answerTimeLimit ? durationMs(session.config.answerTimeLimit) / 1000 : 0,
  };
  if (session.state !== SessionState.FINISHED) {
    // The stored events replayed next rebuild the transcript; the microphone is wanted once the interview is under way.
    return session.state !== SessionState.CREATED && !s.typing ? { ...next, microphoneWanted: true } : next;
  }
  let restored: RoomState = {
    ...next,
    reportReady: session.overallScore > 0,
    clocks: {
      ...clocks.STOPPED_CLOCKS,
      startedAt: session.createTime ? timestampDate(session.createTime).getTime() : undefined,
      finishedAt: session.endTime ? timestampDate(session.endTime).getTime() : at,
    },
  };
  for (const turn of turns) {
    restored = appendEntry(restored, {
      kind: "interviewer",
      key: `turn-${turn.index}`,
      utteranceId: undefined,
      kindText: "",
      label: "Interviewer",
      text: turn.question,
      interrupted: false,
      aside: false,
    });
    restored = updateAnswer(restored, turn.index, (entry) => ({ ...entry, result: { text: turn.answer, skipped: turn.skipped } }));
  }
  return restored;
}

function serverEvent(s: RoomState, event: SessionEvent, at: number): RoomState {
  const time = event.time ? timestampDate(event.time).getTime() : at;
  if (event.time) {
    s = { ...s, clocks: clocks.observeServerTime(s.clocks, time, at) };
  }
  const e = event.event;
  switch (e.case) {
    case "stateChanged":
      return stateChanged(s, e.value.current, e.value.questionIndex, e.value.questionCount, time);
    case "interviewerUtterance": {
      const u = e.value;
      // A question asked (again, or the next one) takes the place of the feedback.
      const asked = u.kind === UtteranceKind.QUESTION ? { ...s, feedback: undefined } : s;
      const shown = showUtterance(asked, u.utteranceId, u.kind, u.text, u.questionIndex);
      return u.isComplete && u.text ? addCaption(shown, `Interviewer: ${u.text}`) : shown;
    }
    case "interviewerAudio":
      return audible(s, e.value.utteranceId) ? { ...s, playingUtterance: e.value.utteranceId } : s;
    case "interviewerInterrupted": {
      const id = e.value.utteranceId;
      const stopped = { ...s, interruptedUtterance: id, interviewerDucked: false };
      if (e.value.withdrawn) {
        return withdraw(stopped, id);
      }
      return markInterrupted(s.stage.utteranceId === id ? withStage(stopped, { highlight: undefined }) : stopped, id);
    }
    case "candidateSpeech":
      return { ...s, candidateSpeaking: e.value.speaking, listening: e.value.speaking ? ListeningStatus.LISTENING : s.listening };
    case "listeningUpdate":
      return { ...s, listening: e.value.status };
    case "transcript": {
      const t = e.value;
      return updateAnswer(s, t.turnIndex, (entry) =>
        entry.complete ? entry : { ...entry, segments: withSegment(entry.segments, { index: t.segmentIndex, text: t.text, final: t.isFinal }) },
      );
    }
    case "answerCompleted": {
      const turn = e.value.turn;
      const recorded = turn
        ? updateAnswer(s, turn.index, (entry) => ({ ...entry, result: { text: turn.answer, skipped: turn.skipped }, complete: true, typed: turn.typed }))
        : s;
      return {
        ...recorded,
        clocks: clocks.answerEnds(recorded.clocks),
        candidateSpeaking: false,
        listening: ListeningStatus.LISTENING,
        answerContinues: false,
        lastAnsweredQuestion: turn ? turn.questionIndex : recorded.lastAnsweredQuestion,
      };
    }
    case "answerFeedback": {
      const f = e.value;
      return addCaption({ ...s, feedback: f }, `Feedback: question ${f.questionIndex + 1} scores ${f.scores?.overall ?? 0} out of 100. ${f.tip}`);
    }
    case "reportReady": {
      const ready = addCaption({ ...s, reportReady: true }, "Your report is ready.");
      return addNotice(ready, "info", `Your report is ready: overall ${e.value.overallScore} out of 100. Opening it…`);
    }
    case "notice": {
      const level = e.value.level;
      return addNotice(s, level === NoticeLevel.ERROR ? "error" : level === NoticeLevel.WARNING ? "warning" : "info", e.value.message);
    }
    default:
      return s;
  }
}

function stateChanged(s: RoomState, current: SessionState, questionIndex: number, questionCount: number, time: number): RoomState {
  const previous = s.state;
  let c = s.clocks;
  if (current === SessionState.PAUSED && previous !== SessionState.PAUSED) {
    c = clocks.pauseBegins(c, time);
  } else if (current !== SessionState.PAUSED) {
    c = clocks.pauseEnds(c, time);
  }
  if (current !== SessionState.CREATED) {
    c = clocks.sessionStarts(c, time); // the first move away from "created" (replayed events carry their own times)
  }
  const listensAgain = current === SessionState.LISTENING && previous !== SessionState.LISTENING && previous !== SessionState.PAUSED;
  if (listensAgain && !(s.answerContinues && c.answerStartedAt !== undefined)) {
    c = clocks.answerStarts(c, time);
  }
  if (current === SessionState.FINISHED) {
    c = clocks.sessionFinishes(c, time);
  }
  return {
    ...s,
    state: current,
    questionIndex,
    questionCount: questionCount > 0 ? questionCount : s.questionCount,
    clocks: c,
    answerContinues: listensAgain ? false : s.answerContinues,
    // A reading of the candidate's pause holds only while the interviewer goes on listening.
    listening: current === previous ? s.listening : ListeningStatus.LISTENING,
    // Speech heard from here on belongs to this question; after a barge-in it goes on into listening.
    candidateSpeaking: current === SessionState.SPEAKING ? false : s.candidateSpeaking,
    // The microphone opens when the interviewer first waits for an answer and stays open (for barge-in).
    microphoneWanted: current === SessionState.FINISHED ? false : current === SessionState.LISTENING && !s.typing ? true : s.microphoneWanted,
  };
}

function showUtterance(s: RoomState, utteranceId: string, kind: UtteranceKind, text: string, questionIndex: number): RoomState {
  if (kind === UtteranceKind.CHECK_IN || kind === UtteranceKind.HINT) {
    // The question stays on the stage: the candidate is still answering it (a hint on a coding question too).
    const aside = withStage({ ...s, answerContinues: true }, { aside: text });
    return upsertInterviewerEntry(aside, { utteranceId, kindText: "", label: kind === UtteranceKind.HINT ? "Interviewer · Hint" : "Interviewer", text, aside: true });
  }
  const kindText =
    kind === UtteranceKind.QUESTION
      ? `Question ${questionIndex + 1}${s.questionCount ? ` of ${s.questionCount}` : ""}`
      : kind === UtteranceKind.FOLLOW_UP
        ? "Follow-up"
        : kind === UtteranceKind.GREETING
          ? "Welcome"
          : kind === UtteranceKind.CLOSING
            ? "Closing"
            : kind === UtteranceKind.FEEDBACK
              ? "Feedback"
              : "";
  const shown = { ...s, stage: { utteranceId, kindText, greeting: kind === UtteranceKind.GREETING, text, aside: undefined, highlight: undefined } };
  return upsertInterviewerEntry(shown, { utteranceId, kindText, label: kindText ? `Interviewer · ${kindText}` : "Interviewer", text, aside: false });
}

/** Adds the utterance to the transcript, or changes its text when it is there (a streaming engine's growing text). */
function upsertInterviewerEntry(s: RoomState, entry: Omit<InterviewerEntry, "kind" | "key" | "interrupted"> & { readonly utteranceId: string }): RoomState {
  const key = utteranceKey(entry.utteranceId);
  if (!s.transcript.some((e) => e.key === key)) {
    return appendEntry(s, { kind: "interviewer", key, interrupted: false, ...entry });
  }
  return mapEntries(s, (e) => (e.key === key && e.kind === "interviewer" ? { ...e, text: entry.text } : e));
}

/**
 * The candidate went on with the answer the interviewer had taken as finished: its reply is taken back. It leaves
 * the transcript, the stage shows the question being answered again, and the answer goes on.
 */
function withdraw(s: RoomState, utteranceId: string): RoomState {
  const key = utteranceKey(utteranceId);
  if (!s.transcript.some((e) => e.key === key)) {
    return s;
  }
  const transcript = s.transcript.filter((e) => e.key !== key);
  let stage = s.stage;
  if (stage.utteranceId === utteranceId) {
    const asked = [...transcript].reverse().find((e): e is InterviewerEntry => e.kind === "interviewer" && !e.aside);
    stage = { utteranceId: asked?.utteranceId, kindText: asked?.kindText ?? "", greeting: false, text: asked?.text ?? "", aside: undefined, highlight: undefined };
  }
  const withdrawn = { ...s, transcript, stage, answerContinues: true, listening: ListeningStatus.LISTENING };
  return addCaption(withdrawn, "The interviewer stopped. Go on, you are being heard.");
}

/** Says in the transcript that the candidate cut the interviewer off (barge-in), once per utterance. */
function markInterrupted(s: RoomState, utteranceId: string): RoomState {
  const key = utteranceKey(utteranceId);
  const entry = s.transcript.find((e) => e.key === key);
  if (!entry || entry.kind !== "interviewer" || entry.interrupted) {
    return s;
  }
  const marked = mapEntries(s, (e) => (e === entry ? { ...entry, interrupted: true } : e));
  return addCaption(marked, "You interrupted the interviewer. Go ahead, you are being heard.");
}

function highlight(text: string, sentence: string, sentenceIndex: number): Stage["highlight"] {
  const wanted = sentence.trim();
  const start = wanted ? text.indexOf(wanted) : -1;
  return start < 0 ? undefined : { start, end: start + wanted.length, sentenceIndex };
}

// ---- Helpers -----------------------------------------------------------------------------------------------------

const utteranceKey = (utteranceId: string) => `utterance-${utteranceId}`;
const answerKey = (turnIndex: number) => `answer-${turnIndex}`;

function withStage(s: RoomState, change: Partial<Stage>): RoomState {
  return { ...s, stage: { ...s.stage, ...change } };
}

function appendEntry(s: RoomState, entry: TranscriptEntry): RoomState {
  return { ...s, transcript: [...s.transcript, entry] };
}

function mapEntries(s: RoomState, map: (entry: TranscriptEntry) => TranscriptEntry): RoomState {
  return { ...s, transcript: s.transcript.map(map) };
}

/** Changes the answer entry of a turn, adding it to the transcript first when it is not there yet. */
function updateAnswer(s: RoomState, turnIndex: number, change: (entry: AnswerEntry) => AnswerEntry): RoomState {
  const key = answerKey(turnIndex);
  const existing = s.transcript.find((entry): entry is AnswerEntry => entry.key === key && entry.kind === "answer");
  if (!existing) {
    return appendEntry(s, change({ kind: "answer", key, turnIndex, segments: [], result: undefined, complete: false, typed: false }));
  }
  const changed = change(existing);
  return changed === existing ? s : mapEntries(s, (entry) => (entry === existing ? changed : entry));
}

function withSegment(segments: readonly Segment[], segment: Segment): Segment[] {
  return [...segments.filter((s) => s.index !== segment.index), segment].sort((a, b) => a.index - b.index);
}

function addCaption(s: RoomState, text: string): RoomState {
  const serial = s.serial + 1;
  return { ...s, serial, captions: [...s.captions, { id: serial, text }].slice(-MAX_CAPTIONS) };
}

function addNotice(s: RoomState, kind: NoticeKind, message: string): RoomState {
  const serial = s.serial + 1;
  return { ...s, serial, notices: [{ id: serial, kind, message }, ...s.notices].slice(0, MAX_NOTICES) };
}

/** Raises a banner (replacing one with the same id, which moves to the end), or takes it down (message null). */
function setBanner(s: RoomState, id: BannerId, message: string | null, kind: NoticeKind = "warning", action?: BannerAction): RoomState {
  const others = s.banners.filter((banner) => banner.id !== id);
  if (!message) {
    return others.length === s.banners.length ? s : { ...s, banners: others };
  }
  return { ...s, banners: [...others, { id, kind, message, action }] };
}
