import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { durationFromMs, timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  ListeningStatus,
  NoticeLevel,
  SessionEventSchema,
  SessionSchema,
  SessionState,
  TurnSchema,
  UtteranceKind,
} from "../../src/gen/rehearse/interview/v1/interview_pb.js";
import { readClocks } from "../../src/room/clocks.js";
import { reduce } from "../../src/room/reducer.js";
import { audible, greetingPlays, indicatorOf, initialRoomState, interviewRuns, wantsMicrophone, type AnswerEntry, type InterviewerEntry, type RoomEvent, type RoomState } from "../../src/room/state.js";

type Payload = MessageInitShape<typeof SessionEventSchema>["event"];

let sequence = 0n;

/** A server event stamped `time` (ms) and received at `at` (by default the same instant: no clock skew). */
function server(event: Payload, time = 0, at = time): RoomEvent {
  sequence++;
  return { type: "server", event: create(SessionEventSchema, { sequence, time: timestampFromMs(time), event }), at };
}

const state = (current: SessionState, time = 0, questionIndex = 0, questionCount = 2) =>
  server({ case: "stateChanged", value: { current, questionIndex, questionCount } }, time);
const utterance = (utteranceId: string, text: string, isComplete = true, kind = UtteranceKind.QUESTION, questionIndex = 0) =>
  server({ case: "interviewerUtterance", value: { utteranceId, kind, text, isComplete, questionIndex } });
const audio = (utteranceId: string) => server({ case: "interviewerAudio", value: { utteranceId, audio: new Uint8Array(480) } });
const transcript = (turnIndex: number, segmentIndex: number, text: string, isFinal: boolean) =>
  server({ case: "transcript", value: { turnIndex, segmentIndex, text, isFinal } });
const completed = (index: number, answer: string, extra: { typed?: boolean; skipped?: boolean } = {}) =>
  server({ case: "answerCompleted", value: { turn: create(TurnSchema, { index, answer, ...extra }) } });
const candidate = (speaking: boolean) => server({ case: "candidateSpeech", value: { speaking } });
const notice = (level: NoticeLevel, message: string) => server({ case: "notice", value: { level, message } });
const listeningUpdate = (status: ListeningStatus, turnIndex = 0) => server({ case: "listeningUpdate", value: { turnIndex, status } });
const interrupted = (utteranceId: string, withdrawn = false, time = 0) =>
  server({ case: "interviewerInterrupted", value: { utteranceId, withdrawn } }, time);

function run(events: RoomEvent[], from: RoomState = initialRoomState(false)): RoomState {
  return events.reduce(reduce, from);
}

function answers(s: RoomState): AnswerEntry[] {
  return s.transcript.filter((entry): entry is AnswerEntry => entry.kind === "answer");
}

function interviewer(s: RoomState, utteranceId: string): InterviewerEntry | undefined {
  return s.transcript.find((entry): entry is InterviewerEntry => entry.kind === "interviewer" && entry.utteranceId === utteranceId);
}

describe("room reducer: session states", () => {
  it("knows while the greeting plays, so Skip can skip it, and not once a question is asked", () => {
    let s = run([state(SessionState.SPEAKING), utterance("g", "Hi, let's begin.", true, UtteranceKind.GREETING)]);
    assert.equal(greetingPlays(s), true);
    s = run([interrupted("g"), state(SessionState.THINKING)], s);
    assert.equal(greetingPlays(s), false);
    s = run([state(SessionState.SPEAKING), utterance("q1", "Tell me about queues.")], s);
    assert.equal(greetingPlays(s), false);
  });


  it("follows the server's states, and shows recording only while the server hears the candidate", () => {
    let s = initialRoomState(false);
    assert.equal(indicatorOf(s), "ready");
    s = reduce(s, state(SessionState.SPEAKING));
    assert.equal(indicatorOf(s), "speaking");
    s = reduce(s, state(SessionState.LISTENING));
    assert.equal(indicatorOf(s), "listening");
    s = reduce(s, candidate(true));
    assert.equal(indicatorOf(s), "recording");
    s = reduce(s, state(SessionState.THINKING));
    assert.equal(indicatorOf(s), "processing");
    s = reduce(s, completed(0, "An answer."));
    assert.equal(s.candidateSpeaking, false, "a completed answer ends the speech");
    s = run([state(SessionState.LISTENING), candidate(true), state(SessionState.SPEAKING)], s);
    assert.equal(s.candidateSpeaking, false, "speech heard from a new question on belongs to it");
    s = reduce(s, state(SessionState.PAUSED));
    assert.equal(indicatorOf(s), "paused");
  });

  it("keeps the question count when an event does not carry one", () => {
    const s = run([state(SessionState.SPEAKING, 0, 0, 3), state(SessionState.LISTENING, 0, 1, 0)]);
    assert.equal(s.questionCount, 3);
    assert.equal(s.questionIndex, 1);
  });

  it("wants the microphone from the first wait for an answer on, unless muted or typing, and not after the end", () => {
    let s = reduce(initialRoomState(false), state(SessionState.SPEAKING));
    assert.equal(wantsMicrophone(s), false, "not before the interviewer first waits for an answer");
    s = reduce(s, state(SessionState.LISTENING));
    assert.equal(wantsMicrophone(s), true);
    s = reduce(s, state(SessionState.SPEAKING));
    assert.equal(wantsMicrophone(s), true, "stays open while the interviewer speaks, for barge-in");
    s = reduce(s, { type: "muteToggled" });
    assert.equal(s.muted, true);
    assert.equal(wantsMicrophone(s), false);
    s = reduce(s, { type: "muteToggled" });
    assert.equal(wantsMicrophone(s), true);
    s = reduce(s, { type: "typingChosen" });
    assert.equal(wantsMicrophone(s), false);
    s = reduce(s, { type: "muteToggled" });
    assert.equal(s.typing, false, "the mute button takes a typist back to the microphone");
    assert.equal(wantsMicrophone(s), true);
    s = reduce(s, state(SessionState.FINISHED));
    assert.equal(wantsMicrophone(s), false);
  });

  it("never wants the microphone of a typist", () => {
    const s = run([state(SessionState.SPEAKING), state(SessionState.LISTENING)], initialRoomState(true));
    assert.equal(wantsMicrophone(s), false);
  });
});

describe("room reducer: how the interviewer reads a pause", () => {
  it("says listening, take your time, about to reply and thinking as the server reads the pause", () => {
    let s = run([state(SessionState.LISTENING), listeningUpdate(ListeningStatus.LISTENING)]);
    assert.equal(indicatorOf(s), "listening", "before the candidate starts");
    s = reduce(s, candidate(true));
    assert.equal(indicatorOf(s), "recording");
    s = run([candidate(false), listeningUpdate(ListeningStatus.TAKING_TIME)], s);
    assert.equal(indicatorOf(s), "taking-time");
    s = reduce(s, candidate(true));
    assert.equal(indicatorOf(s), "recording", "speaking again: the reading of the pause is over");
    s = run([candidate(false), listeningUpdate(ListeningStatus.LIKELY_DONE)], s);
    assert.equal(indicatorOf(s), "likely-done");
    s = reduce(s, listeningUpdate(ListeningStatus.LISTENING));
    assert.equal(indicatorOf(s), "listening");
    s = run([listeningUpdate(ListeningStatus.LIKELY_DONE), state(SessionState.THINKING)], s);
    assert.equal(indicatorOf(s), "processing");
  });

  it("forgets a reading when the interviewer stops listening, so the next answer starts as listening", () => {
    const s = run([state(SessionState.LISTENING), listeningUpdate(ListeningStatus.TAKING_TIME), state(SessionState.PAUSED), state(SessionState.LISTENING)]);
    assert.equal(indicatorOf(s), "listening");
    const next = run([state(SessionState.LISTENING), listeningUpdate(ListeningStatus.LIKELY_DONE), completed(0, "Done."), state(SessionState.LISTENING, 0, 1)]);
    assert.equal(next.listening, ListeningStatus.LISTENING);
  });

  it("shows a check-in as an aside: in the transcript, under the question that stays on the stage", () => {
    let s = run([state(SessionState.SPEAKING, 0, 0, 3), utterance("q1", "Tell me about a system you designed."), state(SessionState.LISTENING, 1_000)]);
    s = run([utterance("c1", "Take your time. Would you like me to repeat the question?", true, UtteranceKind.CHECK_IN), state(SessionState.SPEAKING, 20_000)], s);
    assert.equal(s.stage.text, "Tell me about a system you designed.");
    assert.equal(s.stage.kindText, "Question 1 of 3");
    assert.equal(s.stage.aside, "Take your time. Would you like me to repeat the question?");
    const checkIn = interviewer(s, "c1");
    assert.equal(checkIn?.aside, true);
    assert.equal(checkIn?.label, "Interviewer");
    assert.equal(s.captions.at(-1)?.text, "Interviewer: Take your time. Would you like me to repeat the question?");
    // Listening again for the same answer: its clock goes on from when it began.
    s = reduce(s, state(SessionState.LISTENING, 23_000));
    assert.deepEqual(readClocks(s.clocks, 25_000, 0).answer, "0:24");
    s = reduce(s, utterance("q2", "Next one.", true, UtteranceKind.QUESTION, 1));
    assert.equal(s.stage.aside, undefined, "the next question replaces the aside");
  });
});

describe("room reducer: transcript", () => {
  it("replaces a segment's interim text by later ones and keeps segments in order", () => {
    const s = run([
      state(SessionState.LISTENING),
      transcript(0, 0, "I built a", false),
      transcript(0, 1, "we used", false),
      transcript(0, 0, "I built a payment service", true),
    ]);
    const [answer] = answers(s);
    assert.equal(answers(s).length, 1);
    assert.deepEqual(answer!.segments, [
      { index: 0, text: "I built a payment service", final: true },
      { index: 1, text: "we used", final: false },
    ]);
    assert.equal(answer!.complete, false);
  });

  it("shows the recorded answer once complete, and ignores late transcripts of it", () => {
    const s = run([
      transcript(0, 0, "I built a payment service", false),
      completed(0, "I built a payment service with Kafka."),
      transcript(0, 0, "something else", true),
      completed(1, "Typed words.", { typed: true }),
      completed(2, "", { skipped: true }),
    ]);
    const [first, typed, skipped] = answers(s);
    assert.deepEqual(first!.result, { text: "I built a payment service with Kafka.", skipped: false });
    assert.equal(first!.complete, true);
    assert.deepEqual(first!.segments, [{ index: 0, text: "I built a payment service", final: false }]);
    assert.equal(typed!.typed, true);
    assert.equal(skipped!.result?.skipped, true);
  });

  it("shows the interviewer's growing text in one entry, labelled, and captions it once complete", () => {
    let s = run([state(SessionState.SPEAKING, 0, 0, 5), utterance("u1", "Tell me", false)]);
    assert.deepEqual(s.captions, []);
    s = reduce(s, utterance("u1", "Tell me about a system you designed.", true));
    const entry = interviewer(s, "u1");
    assert.equal(s.transcript.length, 1);
    assert.equal(entry?.label, "Interviewer · Question 1 of 5");
    assert.equal(entry?.text, "Tell me about a system you designed.");
    assert.equal(s.stage.kindText, "Question 1 of 5");
    assert.deepEqual(
      s.captions.map((c) => c.text),
      ["Interviewer: Tell me about a system you designed."],
    );
    s = reduce(s, utterance("u2", "Why Kafka?", true, UtteranceKind.FOLLOW_UP));
    assert.equal(interviewer(s, "u2")?.label, "Interviewer · Follow-up");
    assert.equal(s.stage.text, "Why Kafka?");
  });

  it("marks the sentence being heard, and drops the mark when playback stops or another utterance comes", () => {
    let s = run([utterance("u1", "Welcome. Tell me about yourself."), audio("u1")]);
    s = reduce(s, { type: "sentenceHeard", utteranceId: "u1", sentence: " Tell me about yourself. ", sentenceIndex: 1 });
    assert.deepEqual(s.stage.highlight, { start: 9, end: 32, sentenceIndex: 1 });
    assert.equal(reduce(s, { type: "sentenceHeard", utteranceId: "other", sentence: "Welcome.", sentenceIndex: 0 }).stage.highlight, s.stage.highlight);
    assert.equal(reduce(s, { type: "playbackIdle" }).stage.highlight, undefined);
    assert.equal(reduce(s, utterance("u2", "Next.")).stage.highlight, undefined);
  });

  it("restores a finished interview's turns from GetSession", () => {
    const session = create(SessionSchema, {
      title: "Backend · technical · medium",
      state: SessionState.FINISHED,
      questionCount: 2,
      overallScore: 71,
      createTime: timestampFromMs(1_000_000),
      endTime: timestampFromMs(1_000_000 + 754_000),
    });
    const turns = [
      create(TurnSchema, { index: 0, question: "First?", answer: "An answer." }),
      create(TurnSchema, { index: 1, question: "Second?", skipped: true }),
    ];
    const s = reduce(initialRoomState(false), { type: "loaded", session, turns, at: 5_000_000 });
    assert.equal(s.title, "Backend · technical · medium");
    assert.equal(indicatorOf(s), "finished");
    assert.equal(s.reportReady, true);
    assert.deepEqual(
      s.transcript.map((e) => (e.kind === "interviewer" ? e.text : e.result)),
      ["First?", { text: "An answer.", skipped: false }, "Second?", { text: "", skipped: true }],
    );
    assert.deepEqual(readClocks(s.clocks, 9_999_999, 0), { session: "12:34", answer: "—" });
    assert.equal(wantsMicrophone(s), false);
  });

  it("wants the microphone of a reloaded interview that is under way", () => {
    const session = create(SessionSchema, { state: SessionState.THINKING, questionCount: 2 });
    assert.equal(wantsMicrophone(reduce(initialRoomState(false), { type: "loaded", session, turns: [], at: 0 })), true);
    assert.equal(wantsMicrophone(reduce(initialRoomState(true), { type: "loaded", session, turns: [], at: 0 })), false);
  });
});

describe("room reducer: barge-in", () => {
  it("marks the question interrupted by the page's own detection, once, and plays no more of it", () => {
    let s = run([state(SessionState.SPEAKING), utterance("u1", "Tell me about a system you designed."), audio("u1")]);
    assert.equal(s.playingUtterance, "u1");
    s = reduce(s, { type: "playbackIdle" });
    s = reduce(s, { type: "bargedIn", utteranceId: "u1" });
    assert.equal(interviewer(s, "u1")?.interrupted, true);
    assert.equal(s.captions.at(-1)?.text, "You interrupted the interviewer. Go ahead, you are being heard.");
    const captions = s.captions.length;

    // The server's own detection confirms it: no second mark.
    s = reduce(s, server({ case: "interviewerInterrupted", value: { utteranceId: "u1", played: durationFromMs(1_200) } }));
    assert.equal(s.captions.length, captions);
    assert.equal(audible(s, "u1"), false);
    s = reduce(s, audio("u1"));
    assert.equal(s.playingUtterance, undefined, "audio of the interrupted question still arriving is not played");
    assert.equal(audible(s, "u2"), true);
  });

  it("marks the question interrupted when only the server heard the barge-in, and drops the sentence mark", () => {
    let s = run([utterance("u1", "One. Two."), audio("u1"), { type: "sentenceHeard", utteranceId: "u1", sentence: "Two.", sentenceIndex: 1 }]);
    s = reduce(s, server({ case: "interviewerInterrupted", value: { utteranceId: "u1" } }));
    assert.equal(interviewer(s, "u1")?.interrupted, true);
    assert.equal(s.stage.highlight, undefined);
    assert.equal(s.interruptedUtterance, "u1");
  });

  it("removes a withdrawn reply: its words leave the transcript and the stage, its audio stops, the answer goes on", () => {
    let s = run([
      state(SessionState.SPEAKING, 0, 0, 2),
      utterance("q1", "Tell me about a system you designed."),
      state(SessionState.LISTENING, 1_000),
      transcript(0, 0, "I built a payment service and", true),
      listeningUpdate(ListeningStatus.LIKELY_DONE),
      state(SessionState.THINKING, 9_000),
      utterance("f1", "Why Kafka?", true, UtteranceKind.FOLLOW_UP),
      state(SessionState.SPEAKING, 9_500),
      audio("f1"),
    ]);
    assert.equal(s.stage.text, "Why Kafka?");
    s = run([candidate(true), interrupted("f1", true, 10_000)], s);
    assert.equal(interviewer(s, "f1"), undefined, "the withdrawn reply is no longer in the transcript");
    assert.equal(s.interruptedUtterance, "f1", "its audio stops, and what still arrives is not played");
    assert.equal(audible(s, "f1"), false);
    assert.equal(s.stage.text, "Tell me about a system you designed.", "the question being answered is back on the stage");
    assert.equal(s.stage.kindText, "Question 1 of 2");
    assert.equal(s.captions.at(-1)?.text, "The interviewer stopped. Go on, you are being heard.");
    assert.ok(!s.captions.some((c) => c.text.startsWith("You interrupted")), "a withdrawal is not an interruption");

    s = run([state(SessionState.LISTENING, 10_100), transcript(0, 1, "it used Kafka for the events", true)], s);
    assert.equal(indicatorOf(s), "recording");
    const [answer] = answers(s);
    assert.deepEqual(
      answer!.segments.map((segment) => segment.text),
      ["I built a payment service and", "it used Kafka for the events"],
      "the answer goes on in the same entry",
    );
    assert.deepEqual(readClocks(s.clocks, 12_000, 0).answer, "0:11", "the answer clock runs on from the answer's start");
  });

  it("turns the interviewer down while a voice over it is settled, and back up when it stops or is interrupted", () => {
    let s = run([utterance("u1", "Question?"), audio("u1")]);
    s = reduce(s, { type: "interviewerDucked", ducked: true });
    assert.equal(s.interviewerDucked, true);
    assert.equal(reduce(s, { type: "interviewerDucked", ducked: false }).interviewerDucked, false);
    assert.equal(reduce(s, interrupted("u1")).interviewerDucked, false);
    assert.equal(reduce(s, { type: "bargedIn", utteranceId: "u1" }).interviewerDucked, false);
    assert.equal(reduce(s, { type: "playbackIdle" }).interviewerDucked, false);
    const idle = reduce(s, { type: "playbackIdle" });
    assert.equal(reduce(idle, { type: "interviewerDucked", ducked: true }).interviewerDucked, false, "nothing to turn down when nothing plays");
  });

  it("plays no audio while paused", () => {
    const s = run([utterance("u1", "Question?"), state(SessionState.PAUSED), audio("u1")]);
    assert.equal(s.playingUtterance, undefined);
  });
});

describe("room reducer: clocks", () => {
  it("holds the session and answer clocks still while paused, and goes on from there", () => {
    let s = run([state(SessionState.SPEAKING, 1_000), state(SessionState.LISTENING, 5_000), state(SessionState.PAUSED, 8_000)]);
    assert.deepEqual(readClocks(s.clocks, 8_000, 0), { session: "0:07", answer: "0:03" });
    assert.deepEqual(readClocks(s.clocks, 60_000, 0), { session: "0:07", answer: "0:03" }, "paused: the clocks stand still");
    // Resuming 22 s later: both go on from where they stopped; the answer clock does not start again.
    s = reduce(s, state(SessionState.LISTENING, 30_000));
    assert.deepEqual(readClocks(s.clocks, 31_000, 0), { session: "0:08", answer: "0:04" });
    s = reduce(s, completed(0, "Done."));
    assert.deepEqual(readClocks(s.clocks, 32_000, 0), { session: "0:09", answer: "—" });
    s = reduce(s, state(SessionState.FINISHED, 40_000));
    assert.deepEqual(readClocks(s.clocks, 99_000, 0), { session: "0:17", answer: "—" }, "finished: the clocks stop");
  });

  it("runs on the server's clock and shows the answer time limit", () => {
    const session = create(SessionSchema, { state: SessionState.CREATED, config: { answerTimeLimit: durationFromMs(180_000) } });
    let s = reduce(initialRoomState(false), { type: "loaded", session, turns: [], at: 0 });
    // The server's clock runs 2 s ahead of this browser's.
    s = run([server({ case: "stateChanged", value: { current: SessionState.LISTENING } }, 12_000, 10_000)], s);
    assert.deepEqual(readClocks(s.clocks, 15_000, s.answerLimitSeconds), { session: "0:05", answer: "0:05 / 3:00" });
  });
});

describe("room reducer: notices, connection, the end", () => {
  it("keeps the three newest notices, newest first, until dismissed", () => {
    let s = run([
      notice(NoticeLevel.INFO, "one"),
      notice(NoticeLevel.WARNING, "two"),
      notice(NoticeLevel.ERROR, "three"),
      { type: "controlFailed", message: "four" },
    ]);
    assert.deepEqual(
      s.notices.map((n) => [n.kind, n.message]),
      [
        ["error", "four"],
        ["error", "three"],
        ["warning", "two"],
      ],
    );
    s = reduce(s, { type: "noticeDismissed", id: s.notices[1]!.id });
    assert.deepEqual(
      s.notices.map((n) => n.message),
      ["four", "two"],
    );
  });

  it("says the connection is lost and the answer kept, and takes both down when it is back", () => {
    let s = run([
      { type: "connection", lost: "Connection lost. Reconnecting…" },
      { type: "audioTrouble", message: "Your answer is kept and goes out when the connection is back." },
    ]);
    assert.deepEqual(
      s.banners.map((b) => [b.id, b.kind, b.message]),
      [
        ["connection", "warning", "Connection lost. Reconnecting…"],
        ["audio", "warning", "Your answer is kept and goes out when the connection is back."],
      ],
    );
    s = run([{ type: "connection", lost: null }, { type: "audioTrouble", message: null }], s);
    assert.deepEqual(s.banners, []);
    s = reduce(s, { type: "streamFailed", message: "The session was deleted." });
    assert.deepEqual(s.banners, [{ id: "connection", kind: "error", message: "The interview cannot continue: The session was deleted.", action: "back-to-setup" }]);
  });

  it("offers typing when the microphone fails, and drops the offer once it is taken or the microphone opens", () => {
    const failed = reduce(initialRoomState(false), { type: "microphoneFailed", message: "Microphone access was blocked." });
    assert.deepEqual(
      failed.banners.map((b) => [b.id, b.action]),
      [["microphone", "answer-by-typing"]],
    );
    assert.deepEqual(reduce(failed, { type: "typingChosen" }).banners, []);
    const opened = reduce(failed, { type: "microphoneOpened" });
    assert.deepEqual(opened.banners, []);
    assert.equal(opened.microphoneOpen, true);
  });

  it("finishes: the indicator says so, and the report is announced with its score", () => {
    let s = run([state(SessionState.LISTENING), state(SessionState.FINISHED, 0, 2, 2)]);
    assert.equal(indicatorOf(s), "finished");
    assert.equal(s.reportReady, false);
    s = reduce(s, server({ case: "reportReady", value: { overallScore: 64 } }));
    assert.equal(s.reportReady, true);
    assert.equal(s.notices[0]?.message, "Your report is ready: overall 64 out of 100. Opening it…");
    assert.equal(s.captions.at(-1)?.text, "Your report is ready.");
    assert.equal(reduce(initialRoomState(false), { type: "reportFound" }).reportReady, true);
  });

  it("keeps a typed answer's failure visible and lets the start be tried again", () => {
    let s = run([{ type: "typedAnswerSending" }, { type: "typedAnswerFailed", message: "Network error." }]);
    assert.equal(s.sendingTyped, false);
    assert.equal(s.notices[0]?.message, "Your answer was not sent: Network error.");
    s = run([{ type: "startRequested" }, { type: "startFailed", message: "Unavailable." }], s);
    assert.equal(s.starting, false);
    assert.equal(s.notices[0]?.message, "The interview could not start: Unavailable.");
  });
});

describe("room: after a reconnection", () => {
  it("starts the session again only while the interview runs, never a paused, finished or unstarted one", () => {
    const runs = (current: SessionState) => interviewRuns(reduce(initialRoomState(false), state(current)));
    for (const current of [SessionState.SPEAKING, SessionState.LISTENING, SessionState.THINKING, SessionState.REVIEWING]) {
      assert.equal(runs(current), true, SessionState[current]);
    }
    for (const current of [SessionState.CREATED, SessionState.PAUSED, SessionState.FINISHED]) {
      assert.equal(runs(current), false, SessionState[current]);
    }
  });
});
