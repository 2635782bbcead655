import { durationMs, timestampDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, describeError, interviewClient } from "../api/client.js";
import { Microphone, MicrophoneError } from "../audio/microphone.js";
import { playbackContext, SpeechPlayer } from "../audio/player.js";
import {
  ControlAction,
  NoticeLevel,
  SessionState,
  UtteranceKind,
  type Session,
  type SessionEvent,
  type Turn,
} from "../gen/rehearse/interview/v1/interview_pb.js";
import { AudioSender } from "../session/audio-sender.js";
import { EventStream } from "../session/event-stream.js";
import { takeRoomPreferences } from "../session/preferences.js";
import { formatClock, h, notice, replace } from "../ui/dom.js";
import { LevelMeter } from "../ui/level-meter.js";
import type { Page } from "./page.js";

/** What the state indicator says; derived only from server events. */
type Indicator = "ready" | "speaking" | "listening" | "recording" | "processing" | "paused" | "finished";

const INDICATOR_TEXT: Record<Indicator, string> = {
  ready: "Ready",
  speaking: "Speaking",
  listening: "Listening",
  recording: "Recording",
  processing: "Processing",
  paused: "Paused",
  finished: "Finished",
};

const INDICATOR_HINT: Record<Indicator, string> = {
  ready: "Start when you are ready.",
  speaking: "The interviewer is talking. Speak to interrupt.",
  listening: "Your turn: answer out loud, or type.",
  recording: "Recording your answer…",
  processing: "The interviewer is thinking…",
  paused: "Paused. Nothing is heard or said until you resume.",
  finished: "The interview is over.",
};

/**
 * Microphone level (RMS, about -30 dBFS) that counts as the candidate speaking over the interviewer, and for how
 * many level reports in a row (they come every ~50 ms): about 150 ms of speech, so the page stops the playback
 * before the server's own voice detection comes back (about 250 ms after the voice begins, even on one machine).
 */
const BARGE_IN_RMS = 0.03;
const BARGE_IN_REPORTS = 3;

interface Shortcut {
  readonly key: string;
  readonly label: string;
  readonly run: () => void;
}

export function roomPage(sessionId: string): Page {
  const room = new InterviewRoom(sessionId);
  return { element: room.element, title: "Interview", dispose: () => room.dispose() };
}

class InterviewRoom {
  readonly element: HTMLElement;
  private readonly client = interviewClient();
  private readonly player = new SpeechPlayer();
  private readonly microphone: Microphone;
  private readonly meter = new LevelMeter("Your microphone level");
  private readonly stream: EventStream;
  private readonly sender: AudioSender;
  private readonly preferences;

  // Server-driven state.
  private session: Session | undefined;
  private state = SessionState.CREATED;
  private candidateSpeaking = false;
  private questionIndex = 0;
  private questionCount = 0;
  private startedAt: number | undefined;
  private answerStartedAt: number | undefined;
  private finishedAt: number | undefined;
  /** When the current pause began (server time); the clocks stand still until it ends. */
  private pausedAt: number | undefined;
  /** Server clock minus local clock, estimated from event times. */
  private clockSkew = Number.NEGATIVE_INFINITY;
  private reportReady = false;

  // Client-side state.
  private typing: boolean;
  private muted = false;
  private microphoneWanted = false;
  private interruptedUtterance: string | undefined;
  private playingUtterance: string | undefined;
  private loudReports = 0;
  private disposed = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly utteranceEntries = new Map<string, HTMLElement>();
  private readonly answerEntries = new Map<number, { element: HTMLElement; segments: Map<number, { text: string; final: boolean }> }>();

  // Elements.
  private readonly titleText = h("span", {}, "Interview");
  private readonly indicator = h("div", { class: "indicator", "data-indicator": "ready" });
  private readonly indicatorHint = h("p", { class: "indicator-hint" });
  private readonly progress = h("progress", { max: 1, value: 0, "aria-label": "Questions answered" });
  private readonly progressText = h("span", { class: "progress-text" });
  private readonly sessionClock = h("span", { class: "clock", "aria-label": "Session time" }, "0:00");
  private readonly answerClock = h("span", { class: "clock", "aria-label": "Answer time" }, "—");
  private readonly questionKind = h("p", { class: "question-kind" });
  private readonly questionText = h("p", { class: "question-text" }, "The interviewer's questions appear here.");
  private readonly captions = h("div", { class: "visually-hidden", "aria-live": "polite", "aria-atomic": "false" });
  private readonly log = h("ol", { class: "conversation", role: "log", "aria-label": "Conversation transcript" });
  private readonly banners = h("div", { class: "banners", "aria-live": "assertive" });
  private readonly notices = h("div", { class: "notices" });
  private readonly controls = h("div", { class: "controls", role: "toolbar", "aria-label": "Interview controls" });
  private readonly micStatus = h("span", { class: "mic-status" });
  private readonly typedAnswer = h("textarea", { id: "typed-answer", rows: 3, placeholder: "Type your answer…", "aria-describedby": "typed-hint" });
  private readonly typedBox: HTMLDetailsElement;
  private readonly sendTyped = h("button", { type: "submit", class: "button primary" }, "Send answer");
  private readonly buttons: Record<string, HTMLButtonElement> = {};
  private readonly shortcuts: Shortcut[];
  private readonly endDialog: HTMLDialogElement;
  private readonly keyHandler = (event: KeyboardEvent) => this.onKey(event);

  constructor(private readonly sessionId: string) {
    this.preferences = takeRoomPreferences(sessionId);
    this.typing = this.preferences.typing;
    this.microphone = new Microphone({
      chunk: (samples) => this.onMicrophoneChunk(samples),
      level: (rms) => this.onMicrophoneLevel(rms),
    });
    this.stream = new EventStream(this.client, sessionId, {
      event: (event) => this.onEvent(event),
      connection: (message) => this.setBanner("connection", message, "warning"),
      failed: (message) => this.setBanner("connection", `The interview cannot continue: ${message}`, "error", { label: "Back to set-up", run: () => (location.hash = "#/") }),
    });
    this.sender = new AudioSender(this.client, sessionId, {
      trouble: (message) => this.setBanner("audio", message, "warning"),
    });
    this.player.onIdle(() => {
      this.playingUtterance = undefined;
      this.element.dataset.playback = "idle";
      this.questionText.textContent = this.questionText.textContent; // nothing is being spoken: drop the highlight
    });

    this.shortcuts = [
      { key: "d", label: "Done", run: () => void this.control(ControlAction.DONE_ANSWERING) },
      { key: "r", label: "Repeat", run: () => void this.control(ControlAction.REPEAT_QUESTION) },
      { key: "s", label: "Skip", run: () => void this.control(ControlAction.SKIP_QUESTION) },
      { key: "p", label: "Pause / resume", run: () => void this.togglePause() },
      { key: "m", label: "Mute", run: () => void this.toggleMute() },
      { key: "t", label: "Type", run: () => this.openTyping() },
      { key: "e", label: "End", run: () => this.confirmEnd() },
    ];

    const typedForm = h(
      "form",
      { class: "typed-form" },
      h("label", { for: "typed-answer", class: "visually-hidden" }, "Typed answer"),
      this.typedAnswer,
      h("div", { class: "row space-between wrap" }, h("span", { class: "hint", id: "typed-hint" }, "Ctrl+Enter sends. A typed answer completes the current answer."), this.sendTyped),
    );
    typedForm.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.submitTyped();
    });
    this.typedAnswer.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void this.submitTyped();
      }
    });
    this.typedBox = h("details", { class: "card typed-box", open: this.typing }, h("summary", {}, "Type your answer"), typedForm);

    this.endDialog = h(
      "dialog",
      { class: "dialog", "aria-labelledby": "end-title" },
      h("h2", { id: "end-title" }, "End the interview now?"),
      h("p", {}, "The answers so far are scored and your report is written."),
      h(
        "form",
        { method: "dialog", class: "row end" },
        h("button", { value: "cancel", class: "button secondary", autofocus: true }, "Keep going"),
        h("button", { value: "end", class: "button danger" }, "End interview"),
      ),
    );
    this.endDialog.addEventListener("close", () => {
      if (this.endDialog.returnValue === "end") {
        void this.control(ControlAction.END);
      }
    });

    this.buildControls();
    this.element = h(
      "section",
      { class: "page room", "aria-labelledby": "room-title", "data-playback": "idle", "data-mic": "closed" },
      h(
        "header",
        { class: "room-header" },
        h("h1", { id: "room-title" }, this.titleText),
        h("div", { class: "room-meta" }, h("span", {}, "Session ", this.sessionClock), h("span", {}, "Answer ", this.answerClock)),
      ),
      h("div", { class: "progress-row" }, this.progress, this.progressText),
      this.banners,
      h(
        "div",
        { class: "room-grid" },
        h(
          "div",
          { class: "room-main" },
          h("div", { class: "card stage" }, h("div", { class: "stage-top" }, this.indicator, this.micBlock()), this.indicatorHint, this.questionKind, this.questionText),
          this.controls,
          h(
            "p",
            { class: "shortcut-legend", "aria-label": "Keyboard shortcuts" },
            this.shortcuts.map((shortcut) => h("span", {}, h("kbd", {}, shortcut.key.toUpperCase()), " ", shortcut.label)),
          ),
          this.typedBox,
          this.notices,
        ),
        h("div", { class: "card room-log" }, h("h2", {}, "Transcript"), this.log),
      ),
      this.captions,
      this.endDialog,
    );
    this.render();
    document.addEventListener("keydown", this.keyHandler);
    this.timer = setInterval(() => this.tick(), 250);
    void this.load();
  }

  dispose(): void {
    this.disposed = true;
    document.removeEventListener("keydown", this.keyHandler);
    clearInterval(this.timer);
    this.stream.stop();
    this.sender.close();
    this.player.stop();
    void this.microphone.dispose();
  }

  private micBlock(): HTMLElement {
    return h("div", { class: "mic-block" }, this.micStatus, this.meter.element);
  }

  private buildControls(): void {
    const add = (id: string, label: string, key: string | null, run: () => void, kind = "secondary") => {
      const button = h("button", { type: "button", class: `button ${kind}`, "aria-keyshortcuts": key ?? undefined }, label);
      button.addEventListener("click", () => {
        playbackContext();
        run();
      });
      this.buttons[id] = button;
      this.controls.append(button);
    };
    add("start", "Start interview", null, () => void this.start(), "primary");
    add("done", "Done answering", "D", () => void this.control(ControlAction.DONE_ANSWERING), "primary");
    add("repeat", "Repeat question", "R", () => void this.control(ControlAction.REPEAT_QUESTION));
    add("skip", "Skip", "S", () => void this.control(ControlAction.SKIP_QUESTION));
    add("pause", "Pause", "P", () => void this.togglePause());
    add("mute", "Mute microphone", "M", () => void this.toggleMute());
    add("end", "End interview", "E", () => this.confirmEnd(), "danger");
    add("report", "Open report", null, () => (location.hash = `#/report/${encodeURIComponent(this.sessionId)}`), "primary");
  }

  private async load(): Promise<void> {
    try {
      const { session, turns } = await this.client.getSession({ sessionId: this.sessionId });
      if (this.disposed || !session) {
        return;
      }
      this.session = session;
      this.titleText.textContent = session.title || "Interview";
      this.state = session.state;
      this.questionIndex = session.questionIndex;
      this.questionCount = session.questionCount;
      if (session.state === SessionState.FINISHED) {
        this.finishedAt = session.endTime ? timestampDate(session.endTime).getTime() : Date.now();
        this.startedAt = session.createTime ? timestampDate(session.createTime).getTime() : undefined;
        this.restoreTurns(turns);
        this.reportReady = session.overallScore > 0;
        this.render();
        return;
      }
      // Replay every stored event: rebuilds the transcript after a reload, then continues live.
      this.stream.start(0n);
      if (session.state === SessionState.CREATED && this.preferences.autostart) {
        void this.start();
      } else if (session.state !== SessionState.CREATED && !this.typing) {
        this.microphoneWanted = true;
        void this.openMicrophone();
      }
      this.render();
    } catch (error) {
      const message = ConnectError.from(error).code === Code.NotFound ? "This interview does not exist, or belongs to another browser." : describeError(error);
      this.setBanner("load", message, "error", { label: "Try again", run: () => void this.load() });
    }
  }

  private restoreTurns(turns: Turn[]): void {
    for (const turn of turns) {
      this.appendEntry(h("li", { class: "entry interviewer" }, h("span", { class: "who" }, "Interviewer"), h("p", {}, turn.question)));
      const entry = this.answerEntry(turn.index);
      replace(entry.element.querySelector(".answer-text")!, turn.skipped ? h("em", {}, "Skipped") : turn.answer || h("em", {}, "No answer"));
    }
  }

  private async start(): Promise<void> {
    playbackContext();
    this.buttons.start!.disabled = true;
    try {
      await this.client.control({ sessionId: this.sessionId, action: ControlAction.START });
    } catch (error) {
      this.buttons.start!.disabled = false;
      this.showNotice("error", `The interview could not start: ${describeError(error)}`);
    }
  }

  // ---- Server events -------------------------------------------------------------------------------------------

  private onEvent(event: SessionEvent): void {
    const time = event.time ? timestampDate(event.time).getTime() : Date.now();
    if (event.time) {
      this.clockSkew = Math.max(this.clockSkew, time - Date.now());
    }
    const e = event.event;
    switch (e.case) {
      case "stateChanged": {
        const previous = this.state;
        this.state = e.value.current;
        this.trackPause(previous, time);
        this.questionIndex = e.value.questionIndex;
        if (e.value.questionCount > 0) {
          this.questionCount = e.value.questionCount;
        }
        if (this.startedAt === undefined && this.state !== SessionState.CREATED) {
          this.startedAt = time; // the first move away from "created" (replayed events carry their own times)
        }
        if (this.state === SessionState.SPEAKING) {
          // Speech heard from here on belongs to this question; after a barge-in it goes on into listening.
          this.candidateSpeaking = false;
        }
        if (this.state === SessionState.LISTENING && previous !== SessionState.LISTENING && previous !== SessionState.PAUSED) {
          this.answerStartedAt = time;
        }
        if (this.state === SessionState.LISTENING && !this.typing && !this.microphoneWanted) {
          // The microphone opens when the interviewer first waits for an answer and stays open (for barge-in).
          this.microphoneWanted = true;
          void this.openMicrophone();
        }
        if (this.state === SessionState.PAUSED || this.state === SessionState.FINISHED) {
          this.player.stop();
        }
        if (this.state === SessionState.FINISHED) {
          this.finishedAt = time;
          this.answerStartedAt = undefined;
          this.microphoneWanted = false;
          void this.microphone.close();
          this.sender.close();
          void this.waitForReport();
        }
        if (this.state === SessionState.LISTENING && this.typing) {
          this.typedAnswer.focus();
        }
        break;
      }
      case "interviewerUtterance": {
        const u = e.value;
        this.showUtterance(u.utteranceId, u.kind, u.text, u.questionIndex);
        if (u.isComplete && u.text) {
          this.caption(`Interviewer: ${u.text}`);
        }
        break;
      }
      case "interviewerAudio": {
        const audio = e.value;
        if (audio.utteranceId === this.interruptedUtterance || this.state === SessionState.PAUSED) {
          break;
        }
        this.playingUtterance = audio.utteranceId;
        this.element.dataset.playback = "playing";
        const rate = audio.format?.sampleRateHertz || 24_000;
        const { sentenceText, sentenceIndex, utteranceId } = audio;
        this.player.enqueue(audio.audio, rate, () => this.highlight(utteranceId, sentenceText, sentenceIndex));
        break;
      }
      case "interviewerInterrupted":
        this.interruptedUtterance = e.value.utteranceId;
        this.player.stop();
        this.highlight(e.value.utteranceId, "", -1);
        this.markInterrupted(e.value.utteranceId);
        break;
      case "candidateSpeech":
        this.candidateSpeaking = e.value.speaking;
        break;
      case "transcript": {
        const t = e.value;
        const entry = this.answerEntry(t.turnIndex);
        entry.segments.set(t.segmentIndex, { text: t.text, final: t.isFinal });
        this.renderAnswer(t.turnIndex);
        break;
      }
      case "answerCompleted": {
        const turn = e.value.turn;
        if (turn) {
          const entry = this.answerEntry(turn.index);
          const text = entry.element.querySelector(".answer-text")!;
          if (turn.skipped) {
            replace(text, h("em", {}, "Skipped"));
          } else {
            replace(text, turn.answer || h("em", {}, "No answer"));
          }
          entry.element.classList.add("complete");
          if (turn.typed) {
            entry.element.querySelector(".who")!.textContent = "You (typed)";
          }
        }
        this.answerStartedAt = undefined;
        this.candidateSpeaking = false;
        break;
      }
      case "answerScored":
        break;
      case "reportReady":
        this.reportReady = true;
        this.caption("Your report is ready.");
        this.showNotice("info", `Your report is ready: overall ${e.value.overallScore} out of 100. Opening it…`);
        setTimeout(() => {
          if (!this.disposed) {
            location.hash = `#/report/${encodeURIComponent(this.sessionId)}`;
          }
        }, 1_500);
        break;
      case "notice":
        this.showNotice(e.value.level === NoticeLevel.ERROR ? "error" : e.value.level === NoticeLevel.WARNING ? "warning" : "info", e.value.message);
        break;
    }
    this.render();
  }

  /** When the stream ends without ReportReady (e.g. it was written while disconnected), ask for it. */
  private async waitForReport(): Promise<void> {
    for (let attempt = 0; attempt < 60 && !this.disposed && !this.reportReady; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      if (this.reportReady || this.disposed) {
        return;
      }
      try {
        await this.client.getReport({ sessionId: this.sessionId });
        this.reportReady = true;
        this.render();
        return;
      } catch {
        // still being written
      }
    }
  }

  private showUtterance(utteranceId: string, kind: UtteranceKind, text: string, questionIndex: number): void {
    const kindText =
      kind === UtteranceKind.QUESTION
        ? `Question ${questionIndex + 1}${this.questionCount ? ` of ${this.questionCount}` : ""}`
        : kind === UtteranceKind.FOLLOW_UP
          ? "Follow-up"
          : kind === UtteranceKind.GREETING
            ? "Welcome"
            : kind === UtteranceKind.CLOSING
              ? "Closing"
              : "";
    this.questionKind.textContent = kindText;
    this.questionText.dataset.utterance = utteranceId;
    this.questionText.textContent = text;
    let entry = this.utteranceEntries.get(utteranceId);
    if (!entry) {
      entry = h("li", { class: "entry interviewer" }, h("span", { class: "who" }, kindText ? `Interviewer · ${kindText}` : "Interviewer"), h("p", {}));
      this.utteranceEntries.set(utteranceId, entry);
      this.appendEntry(entry);
    }
    entry.querySelector("p")!.textContent = text;
  }

  /** Marks the sentence being heard right now in the question text. */
  private highlight(utteranceId: string, sentence: string, sentenceIndex: number): void {
    if (this.questionText.dataset.utterance !== utteranceId) {
      return;
    }
    const text = this.questionText.textContent ?? "";
    const at = sentence ? text.indexOf(sentence.trim()) : -1;
    if (at < 0) {
      this.questionText.textContent = text;
      return;
    }
    const end = at + sentence.trim().length;
    replace(this.questionText, text.slice(0, at), h("mark", { class: "spoken", "data-sentence": sentenceIndex }, text.slice(at, end)), text.slice(end));
  }

  /** Says in the transcript that the candidate cut the interviewer off (barge-in), once per utterance. */
  private markInterrupted(utteranceId: string): void {
    const entry = this.utteranceEntries.get(utteranceId);
    if (!entry || entry.classList.contains("interrupted")) {
      return;
    }
    entry.classList.add("interrupted");
    entry.querySelector(".who")!.append(h("span", { class: "interrupted-tag" }, "Interrupted by you"));
    this.caption("You interrupted the interviewer. Go ahead, you are being heard.");
  }

  private answerEntry(turnIndex: number) {
    let entry = this.answerEntries.get(turnIndex);
    if (!entry) {
      const element = h("li", { class: "entry candidate", "data-turn": turnIndex }, h("span", { class: "who" }, "You"), h("p", { class: "answer-text" }));
      entry = { element, segments: new Map() };
      this.answerEntries.set(turnIndex, entry);
      this.appendEntry(element);
    }
    return entry;
  }

  private renderAnswer(turnIndex: number): void {
    const entry = this.answerEntries.get(turnIndex)!;
    if (entry.element.classList.contains("complete")) {
      return;
    }
    const ordered = [...entry.segments.entries()].sort(([a], [b]) => a - b).map(([, segment]) => segment);
    replace(
      entry.element.querySelector(".answer-text")!,
      ordered.flatMap((segment, i) => [i > 0 ? " " : "", segment.final ? h("span", { class: "final" }, segment.text) : h("span", { class: "interim", title: "Still being recognised" }, segment.text)]),
    );
  }

  private appendEntry(entry: HTMLElement): void {
    const nearBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 80;
    this.log.append(entry);
    if (nearBottom) {
      this.log.scrollTop = this.log.scrollHeight;
    }
  }

  private caption(text: string): void {
    this.captions.append(h("p", {}, text));
    while (this.captions.childElementCount > 5) {
      this.captions.firstElementChild?.remove();
    }
  }

  // ---- Microphone ----------------------------------------------------------------------------------------------

  private async openMicrophone(): Promise<void> {
    if (this.muted || this.typing || this.disposed) {
      return;
    }
    try {
      await this.microphone.open();
      this.setBanner("microphone", null);
    } catch (error) {
      const message = error instanceof MicrophoneError ? error.message : String(error);
      this.setBanner("microphone", message, "warning", { label: "Answer by typing", run: () => this.chooseTyping() });
    }
    this.render();
  }

  private onMicrophoneChunk(samples: Int16Array): void {
    // Audio goes to the server while it listens, and while it speaks (so it can notice a barge-in too).
    if (this.state === SessionState.LISTENING || this.state === SessionState.SPEAKING) {
      this.sender.send(samples);
    }
  }

  private onMicrophoneLevel(rms: number): void {
    this.meter.set(rms);
    if (!this.player.playing || this.playingUtterance === undefined) {
      this.loudReports = 0;
      return;
    }
    this.loudReports = rms >= BARGE_IN_RMS ? this.loudReports + 1 : 0;
    if (this.loudReports >= BARGE_IN_REPORTS) {
      // Barge-in: silence the interviewer at once, then tell the server.
      this.loudReports = 0;
      this.interruptedUtterance = this.playingUtterance;
      this.player.stop();
      this.markInterrupted(this.interruptedUtterance);
      void this.client.control({ sessionId: this.sessionId, action: ControlAction.INTERRUPT }).catch(() => undefined);
    }
  }

  private async toggleMute(): Promise<void> {
    if (this.typing) {
      // Coming back from typing to speaking.
      this.typing = false;
      this.muted = false;
      this.microphoneWanted = this.state !== SessionState.CREATED && this.state !== SessionState.FINISHED;
      if (this.microphoneWanted) {
        await this.openMicrophone();
      }
    } else if (this.muted) {
      this.muted = false;
      if (this.microphoneWanted) {
        await this.openMicrophone();
      }
    } else {
      this.muted = true;
      await this.microphone.close();
    }
    this.render();
  }

  private chooseTyping(): void {
    this.typing = true;
    this.setBanner("microphone", null);
    void this.microphone.close();
    this.openTyping();
    this.render();
  }

  private openTyping(): void {
    this.typedBox.open = true;
    this.typedAnswer.focus();
  }

  // ---- Actions -------------------------------------------------------------------------------------------------

  private async control(action: ControlAction): Promise<void> {
    try {
      await this.client.control({ sessionId: this.sessionId, action });
    } catch (error) {
      this.showNotice("error", describeError(error));
    }
  }

  private async togglePause(): Promise<void> {
    await this.control(this.state === SessionState.PAUSED ? ControlAction.RESUME : ControlAction.PAUSE);
  }

  private confirmEnd(): void {
    if (this.state === SessionState.FINISHED || this.endDialog.open) {
      return;
    }
    this.endDialog.returnValue = "";
    this.endDialog.showModal();
  }

  private async submitTyped(): Promise<void> {
    const text = this.typedAnswer.value.trim();
    if (!text) {
      this.typedAnswer.focus();
      return;
    }
    this.sendTyped.disabled = true;
    try {
      await this.client.sendText({ sessionId: this.sessionId, text });
      this.typedAnswer.value = "";
    } catch (error) {
      // The text stays in the box so nothing is lost.
      this.showNotice("error", `Your answer was not sent: ${describeError(error)}`);
    } finally {
      this.sendTyped.disabled = false;
    }
  }

  private onKey(event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) {
      return;
    }
    const target = event.target as HTMLElement | null;
    if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || this.endDialog.open)) {
      return;
    }
    const shortcut = this.shortcuts.find((s) => s.key === event.key.toLowerCase());
    if (shortcut) {
      event.preventDefault();
      playbackContext();
      shortcut.run();
    }
  }

  // ---- Rendering -----------------------------------------------------------------------------------------------

  private indicatorState(): Indicator {
    switch (this.state) {
      case SessionState.SPEAKING:
        return "speaking";
      case SessionState.LISTENING:
        return this.candidateSpeaking ? "recording" : "listening";
      case SessionState.THINKING:
        return "processing";
      case SessionState.PAUSED:
        return "paused";
      case SessionState.FINISHED:
        return "finished";
      default:
        return "ready";
    }
  }

  private render(): void {
    const indicator = this.indicatorState();
    if (this.indicator.dataset.indicator !== indicator || !this.indicator.textContent) {
      this.indicator.dataset.indicator = indicator;
      replace(this.indicator, h("span", { class: "indicator-dot", "aria-hidden": "true" }), h("span", { class: "indicator-text" }, INDICATOR_TEXT[indicator]));
      this.indicator.setAttribute("aria-label", `Interviewer status: ${INDICATOR_TEXT[indicator]}`);
      this.indicatorHint.textContent = INDICATOR_HINT[indicator];
    }
    this.element.dataset.state = indicator;

    const running = this.state !== SessionState.CREATED && this.state !== SessionState.FINISHED;
    const b = this.buttons;
    b.start!.hidden = this.state !== SessionState.CREATED;
    b.done!.disabled = this.state !== SessionState.LISTENING;
    b.repeat!.disabled = !(this.state === SessionState.LISTENING || this.state === SessionState.SPEAKING);
    b.skip!.disabled = !(this.state === SessionState.LISTENING || this.state === SessionState.SPEAKING);
    b.pause!.disabled = !running || this.state === SessionState.THINKING;
    b.pause!.textContent = this.state === SessionState.PAUSED ? "Resume" : "Pause";
    b.end!.disabled = !running && this.state !== SessionState.CREATED;
    b.report!.hidden = !this.reportReady;
    b.mute!.textContent = this.typing ? "Use microphone" : this.muted ? "Unmute microphone" : "Mute microphone";
    b.mute!.setAttribute("aria-pressed", String(this.muted && !this.typing));
    for (const id of ["done", "repeat", "skip", "pause", "mute", "end"]) {
      b[id]!.hidden = this.state === SessionState.FINISHED;
    }
    this.sendTyped.disabled = this.state !== SessionState.LISTENING && this.state !== SessionState.SPEAKING;

    const micOpen = this.microphone.isOpen;
    this.element.dataset.mic = micOpen ? "open" : "closed";
    this.micStatus.textContent = this.typing ? "Typing answers" : this.muted ? "Microphone muted" : micOpen ? "Microphone on" : "Microphone off";
    this.meter.element.hidden = !micOpen;

    const count = Math.max(this.questionCount, 1);
    const done = this.state === SessionState.FINISHED ? count : Math.min(this.questionIndex, count);
    this.progress.max = count;
    this.progress.value = done;
    this.progressText.textContent =
      this.state === SessionState.FINISHED
        ? `All ${this.questionCount} questions done`
        : this.questionCount > 0
          ? `Question ${Math.min(this.questionIndex + 1, this.questionCount)} of ${this.questionCount}`
          : "";
    this.tick();
  }

  /**
   * Keeps paused time out of the session and answer clocks: they stand still from the pause on, and when it ends
   * their starts move later by as long as it lasted.
   */
  private trackPause(previous: SessionState, time: number): void {
    if (this.state === SessionState.PAUSED && previous !== SessionState.PAUSED) {
      this.pausedAt = time;
    } else if (this.state !== SessionState.PAUSED && this.pausedAt !== undefined) {
      const paused = time - this.pausedAt;
      this.pausedAt = undefined;
      this.startedAt = this.startedAt === undefined ? undefined : this.startedAt + paused;
      this.answerStartedAt = this.answerStartedAt === undefined ? undefined : this.answerStartedAt + paused;
    }
  }

  private tick(): void {
    const now = this.finishedAt ?? this.pausedAt ?? Date.now() + (Number.isFinite(this.clockSkew) ? this.clockSkew : 0);
    this.sessionClock.textContent = this.startedAt !== undefined ? formatClock((now - this.startedAt) / 1000) : "0:00";
    if (this.answerStartedAt !== undefined) {
      const limit = this.session?.config?.answerTimeLimit ? durationMs(this.session.config.answerTimeLimit) / 1000 : 0;
      const elapsed = formatClock((now - this.answerStartedAt) / 1000);
      this.answerClock.textContent = limit > 0 ? `${elapsed} / ${formatClock(limit)}` : elapsed;
    } else {
      this.answerClock.textContent = "—";
    }
  }

  private setBanner(id: string, message: string | null, kind: "info" | "warning" | "error" = "warning", action?: { label: string; run: () => void }): void {
    this.banners.querySelector(`[data-banner="${id}"]`)?.remove();
    if (message) {
      const element = notice(kind, message, action);
      element.dataset.banner = id;
      this.banners.append(element);
    }
  }

  private showNotice(kind: "info" | "warning" | "error", message: string): void {
    const element = notice(kind, message, { label: "Dismiss", run: () => element.remove() });
    this.notices.prepend(element);
    while (this.notices.childElementCount > 3) {
      this.notices.lastElementChild?.remove();
    }
  }
}
