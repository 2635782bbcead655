import { SessionState } from "../gen/rehearse/interview/v1/interview_pb.js";
import { h, notice, replace } from "../ui/dom.js";
import { LevelMeter } from "../ui/level-meter.js";
import { readClocks } from "./clocks.js";
import { FeedbackPanel } from "./feedback-panel.js";
import { canRedo, greetingPlays, indicatorOf, type Banner, type BannerAction, type Indicator, type RoomState, type Stage } from "./state.js";
import { TranscriptView } from "./transcript-view.js";

const INDICATOR_TEXT: Record<Indicator, string> = {
  ready: "Ready",
  speaking: "Speaking",
  listening: "Listening",
  recording: "Listening",
  "taking-time": "Take your time",
  "likely-done": "About to reply",
  processing: "Thinking",
  reviewing: "Feedback",
  paused: "Paused",
  finished: "Finished",
};

const INDICATOR_HINT: Record<Indicator, string> = {
  ready: "Start when you are ready.",
  speaking: "The interviewer is talking. Speak to interrupt.",
  listening: "Your turn: answer out loud, or type.",
  recording: "The interviewer hears you. Pauses to think are fine.",
  "taking-time": "The interviewer is waiting while you think. Go on when you are ready.",
  "likely-done": "The interviewer will reply soon. Keep talking if you are not done.",
  processing: "The interviewer is thinking…",
  reviewing: "Read the feedback, then try the question again or continue.",
  paused: "Paused. Nothing is heard or said until you resume.",
  finished: "The interview is over.",
};

/** The hint under the indicator: what the candidate can do now, in the way they answer. */
function hintOf(s: RoomState, indicator: Indicator): string {
  if (greetingPlays(s)) {
    return "The interviewer is saying hello. Skip goes straight to the first question.";
  }
  if (indicator === "speaking" && (s.typing || s.muted)) {
    return "The interviewer is talking. You can type your answer already.";
  }
  return INDICATOR_HINT[indicator];
}

const BANNER_ACTION_LABEL: Record<BannerAction, string> = {
  "retry-load": "Try again",
  "back-to-setup": "Back to set-up",
  "answer-by-typing": "Answer by typing",
};

/** What the room's buttons and keyboard shortcuts ask for. */
export type RoomCommand = "start" | "done" | "repeat" | "skip" | "redo" | "continue" | "pause" | "mute" | "type" | "end" | "report";

/** The keyboard shortcuts, in the order the legend lists them. */
export const SHORTCUTS: readonly { readonly key: string; readonly label: string; readonly command: RoomCommand }[] = [
  { key: "d", label: "Done", command: "done" },
  { key: "r", label: "Repeat", command: "repeat" },
  { key: "s", label: "Skip", command: "skip" },
  { key: "a", label: "Try again", command: "redo" },
  { key: "c", label: "Continue", command: "continue" },
  { key: "p", label: "Pause / resume", command: "pause" },
  { key: "m", label: "Mute", command: "mute" },
  { key: "t", label: "Type", command: "type" },
  { key: "e", label: "End", command: "end" },
];

export interface RoomViewHandlers {
  command(command: RoomCommand): void;
  /** The candidate confirmed ending the interview. */
  endConfirmed(): void;
  /** The typed answer form was sent (button or Ctrl+Enter). */
  submitTyped(): void;
  bannerAction(action: BannerAction): void;
  dismissNotice(id: number): void;
}

/**
 * The interview room's page: builds the elements once, then draws a RoomState onto them. It remembers what it
 * has drawn (the stage, transcript entries, captions, banners and notices) so that it changes no more of the page
 * than the state changed.
 */
export class RoomView {
  readonly element: HTMLElement;
  readonly meter = new LevelMeter("Your microphone level");

  private readonly titleText = h("span", {}, "Interview");
  // A polite live region: screen readers hear the state change (its text changes only when what it says does).
  private readonly indicator = h("div", { class: "indicator", "data-indicator": "ready", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  private readonly indicatorHint = h("p", { class: "indicator-hint" });
  private readonly progress = h("progress", { max: 1, value: 0, "aria-label": "Questions answered" });
  private readonly progressText = h("span", { class: "progress-text" });
  private readonly sessionClock = h("span", { class: "clock", "aria-label": "Session time" }, "0:00");
  private readonly answerClock = h("span", { class: "clock", "aria-label": "Answer time" }, "—");
  private readonly questionKind = h("p", { class: "question-kind" });
  private readonly questionText = h("p", { class: "question-text" });
  private readonly asideText = h("p", { class: "question-aside", hidden: true });
  // The answer as it is heard, under the question: on small screens the transcript is far down the page.
  private readonly liveCaption = h("p", { class: "live-caption", "aria-hidden": "true", hidden: true });
  private readonly captions = h("div", { class: "visually-hidden", "aria-live": "polite", "aria-atomic": "false" });
  private readonly transcript = new TranscriptView();
  private readonly banners = h("div", { class: "banners", "aria-live": "assertive" });
  private readonly notices = h("div", { class: "notices" });
  private readonly controls = h("div", { class: "controls", role: "toolbar", "aria-label": "Interview controls" });
  private readonly micStatus = h("span", { class: "mic-status" });
  private readonly typedAnswer = h("textarea", { id: "typed-answer", rows: 3, placeholder: "Type your answer…", "aria-describedby": "typed-hint" });
  private readonly typedBox: HTMLDetailsElement;
  private readonly typedSummary: HTMLElement;
  private readonly sendTyped = h("button", { type: "submit", class: "button primary" }, "Send answer");
  private readonly buttons = {} as Record<RoomCommand, HTMLButtonElement>;
  private readonly feedback: FeedbackPanel;
  private readonly shortcutLegend = h(
    "p",
    { class: "shortcut-legend", "aria-label": "Keyboard shortcuts" },
    SHORTCUTS.map((shortcut) => h("span", {}, h("kbd", {}, shortcut.key.toUpperCase()), " ", shortcut.label)),
  );
  private readonly endDialog: HTMLDialogElement;
  /** Where the coding question goes (room/coding/panel.ts), between the controls and the typed answer. */
  readonly codingSlot = h("div", { class: "coding-slot" });

  // What is on the page already.
  private stage: Stage | undefined;
  private readonly shownBanners = new Map<string, { banner: Banner; element: HTMLElement }>();
  private readonly shownNotices = new Map<number, HTMLElement>();
  private lastCaption = 0;

  constructor(initial: RoomState, private readonly handlers: RoomViewHandlers) {
    const typedForm = h(
      "form",
      { class: "typed-form" },
      h("label", { for: "typed-answer", class: "visually-hidden" }, "Typed answer"),
      this.typedAnswer,
      h("div", { class: "row space-between wrap" }, h("span", { class: "hint", id: "typed-hint" }, "Ctrl+Enter sends. A typed answer completes the current answer."), this.sendTyped),
    );
    typedForm.addEventListener("submit", (event) => {
      event.preventDefault();
      handlers.submitTyped();
    });
    this.typedAnswer.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        handlers.submitTyped();
      }
    });
    this.typedSummary = h("summary", {}, "Type your answer");
    this.typedBox = h("details", { class: "card typed-box", open: initial.typing }, this.typedSummary, typedForm);

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
        handlers.endConfirmed();
      }
    });

    this.addButton("start", "Start interview", null, "primary");
    this.addButton("done", "Done answering", "D", "primary");
    this.addButton("repeat", "Repeat question", "R");
    this.addButton("skip", "Skip", "S");
    this.addButton("redo", "Try again", "A");
    this.feedback = new FeedbackPanel((choice) => handlers.command(choice));
    this.addButton("pause", "Pause", "P");
    this.addButton("mute", "Mute microphone", "M");
    this.addButton("end", "End interview", "E", "danger");
    this.addButton("report", "Open report", null, "primary");

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
          h(
            "div",
            { class: "card stage" },
            h("div", { class: "stage-top" }, this.indicator, h("div", { class: "mic-block" }, this.micStatus, this.meter.element)),
            this.indicatorHint,
            this.questionKind,
            this.questionText,
            this.asideText,
            this.liveCaption,
          ),
          this.feedback.element,
          this.controls,
          this.shortcutLegend,
          this.codingSlot,
          this.typedBox,
          this.notices,
        ),
        h("div", { class: "card room-log" }, h("h2", {}, "Transcript"), this.transcript.element, this.transcript.jumpButton),
      ),
      this.captions,
      this.endDialog,
    );
  }

  /** True while the end-of-interview question is open (shortcuts are off then). */
  get asking(): boolean {
    return this.endDialog.open;
  }

  get typedText(): string {
    return this.typedAnswer.value;
  }

  /**
   * Empties the box after its answer went out and moves focus out of it, onto its heading: the shortcut keys work
   * again (a key pressed now must not start the next answer), and T or a click comes back.
   */
  answerSent(): void {
    this.typedAnswer.value = "";
    this.typedSummary.focus();
  }

  focusTypedAnswer(): void {
    this.typedAnswer.focus();
  }

  /**
   * Focuses the box for a new question only when the focus is nowhere in particular (the page itself, where the
   * router leaves it): focus the candidate put elsewhere stays, so a shortcut key pressed then never lands in the box.
   */
  offerTypedAnswer(): void {
    if (!document.activeElement || document.activeElement.matches("body, main")) {
      this.typedAnswer.focus();
    }
  }

  openTyping(): void {
    this.typedBox.open = true;
    this.typedAnswer.focus();
  }

  /** Asks whether to end the interview; endConfirmed follows a yes. */
  askToEnd(): void {
    if (this.endDialog.open) {
      return;
    }
    this.endDialog.returnValue = "";
    this.endDialog.showModal();
  }

  render(s: RoomState, now: number): void {
    this.titleText.textContent = s.title;
    const indicator = indicatorOf(s);
    const hint = hintOf(s, indicator);
    if (this.indicatorHint.textContent !== hint) {
      this.indicatorHint.textContent = hint;
    }
    if (this.indicator.dataset.indicator !== indicator || !this.indicator.textContent) {
      const said = this.indicator.querySelector(".indicator-text")?.textContent;
      this.indicator.dataset.indicator = indicator;
      if (said !== INDICATOR_TEXT[indicator]) {
        replace(
          this.indicator,
          h("span", { class: "indicator-dot", "aria-hidden": "true" }),
          h("span", { class: "visually-hidden" }, "Interviewer status: "),
          h("span", { class: "indicator-text" }, INDICATOR_TEXT[indicator]),
        );
      }
    }
    this.setData("state", indicator);
    this.setData("playback", s.playingUtterance === undefined ? "idle" : s.interviewerDucked ? "ducked" : "playing");
    this.renderControls(s);
    this.feedback.render(s.feedback, s.state === SessionState.REVIEWING);
    this.renderProgress(s);
    this.renderClocks(s, now);
    this.renderStage(s.stage);
    this.transcript.render(s.transcript);
    this.renderLiveCaption(s);
    this.renderCaptions(s);
    this.renderBanners(s.banners);
    this.renderNotices(s);
  }

  renderClocks(s: RoomState, now: number): void {
    const clocks = readClocks(s.clocks, now, s.answerLimitSeconds);
    this.sessionClock.textContent = clocks.session;
    this.answerClock.textContent = clocks.answer;
  }

  /** The room's data attributes (state, playback, mic) say what it shows; they change only when that does. */
  private setData(name: string, value: string): void {
    if (this.element.dataset[name] !== value) {
      this.element.dataset[name] = value;
    }
  }

  private addButton(command: RoomCommand, label: string, key: string | null, kind = "secondary"): void {
    const button = h("button", { type: "button", class: `button ${kind}`, "aria-keyshortcuts": key ?? undefined }, label);
    button.addEventListener("click", () => this.handlers.command(command));
    this.buttons[command] = button;
    this.controls.append(button);
  }

  private renderControls(s: RoomState): void {
    const state = s.state;
    const running = state !== SessionState.CREATED && state !== SessionState.FINISHED;
    const answering = state === SessionState.LISTENING || state === SessionState.SPEAKING;
    const b = this.buttons;
    b.start.hidden = state !== SessionState.CREATED;
    b.start.disabled = s.starting;
    b.done.disabled = state !== SessionState.LISTENING;
    b.repeat.disabled = !answering;
    b.skip.disabled = !answering;
    b.redo.disabled = !canRedo(s);
    b.skip.textContent = greetingPlays(s) ? "Skip intro" : "Skip";
    b.pause.disabled = !running || state === SessionState.THINKING;
    b.pause.textContent = state === SessionState.PAUSED ? "Resume" : "Pause";
    b.end.disabled = !running && state !== SessionState.CREATED;
    b.report.hidden = !s.reportReady;
    b.mute.textContent = s.typing ? "Use microphone" : s.muted ? "Unmute microphone" : "Mute microphone";
    b.mute.setAttribute("aria-pressed", String(s.muted && !s.typing));
    for (const command of ["done", "repeat", "skip", "redo", "pause", "mute", "end"] as const) {
      b[command].hidden = state === SessionState.FINISHED;
    }
    this.sendTyped.disabled = s.sendingTyped || !answering;
    // Nothing is left to answer or press once the interview is over.
    this.typedBox.hidden = state === SessionState.FINISHED;
    this.shortcutLegend.hidden = state === SessionState.FINISHED;

    this.setData("mic", s.microphoneOpen ? "open" : "closed");
    this.micStatus.textContent = s.typing ? "Typing answers" : s.muted ? "Microphone muted" : s.microphoneOpen ? "Microphone on" : "Microphone off";
    this.meter.element.hidden = !s.microphoneOpen;
  }

  private renderProgress(s: RoomState): void {
    const finished = s.state === SessionState.FINISHED;
    const count = Math.max(s.questionCount, 1);
    this.progress.max = count;
    this.progress.value = finished ? count : Math.min(s.questionIndex, count);
    this.progressText.textContent = finished
      ? `All ${s.questionCount} questions done`
      : s.questionCount > 0
        ? `Question ${Math.min(s.questionIndex + 1, s.questionCount)} of ${s.questionCount}`
        : "";
  }

  /** The interviewer's words, with the sentence being heard right now marked. */
  private renderStage(stage: Stage): void {
    if (stage === this.stage) {
      return;
    }
    this.stage = stage;
    this.questionKind.textContent = stage.kindText;
    this.asideText.textContent = stage.aside ?? "";
    this.asideText.hidden = !stage.aside;
    const { text, highlight } = stage;
    if (!highlight) {
      this.questionText.textContent = text;
      return;
    }
    replace(
      this.questionText,
      text.slice(0, highlight.start),
      h("mark", { class: "spoken", "data-sentence": highlight.sentenceIndex }, text.slice(highlight.start, highlight.end)),
      text.slice(highlight.end),
    );
  }

  /** The answer being given, as recognised so far; nothing once it is complete. */
  private renderLiveCaption(s: RoomState): void {
    const last = s.transcript.at(-1);
    const text = last?.kind === "answer" && !last.complete && !last.typed ? last.segments.map((segment) => segment.text).join(" ") : "";
    if (this.liveCaption.textContent !== text) {
      this.liveCaption.textContent = text;
      this.liveCaption.hidden = !text;
    }
  }

  private renderCaptions(s: RoomState): void {
    for (const caption of s.captions) {
      if (caption.id > this.lastCaption) {
        this.captions.append(h("p", {}, caption.text));
        this.lastCaption = caption.id;
      }
    }
    while (this.captions.childElementCount > s.captions.length) {
      this.captions.firstElementChild?.remove();
    }
  }

  /** A banner whose message changed is taken down and raised again at the end, as the state lists it. */
  private renderBanners(banners: readonly Banner[]): void {
    for (const [id, shown] of this.shownBanners) {
      if (!banners.includes(shown.banner)) {
        shown.element.remove();
        this.shownBanners.delete(id);
      }
    }
    for (const banner of banners) {
      if (!this.shownBanners.has(banner.id)) {
        const action = banner.action;
        const element = notice(banner.kind, banner.message, action ? { label: BANNER_ACTION_LABEL[action], run: () => this.handlers.bannerAction(action) } : undefined);
        element.dataset.banner = banner.id;
        this.banners.append(element);
        this.shownBanners.set(banner.id, { banner, element });
      }
    }
  }

  /** Newest first; a dismissed or pushed-out notice goes. */
  private renderNotices(s: RoomState): void {
    const ids = new Set(s.notices.map((n) => n.id));
    for (const [id, element] of this.shownNotices) {
      if (!ids.has(id)) {
        element.remove();
        this.shownNotices.delete(id);
      }
    }
    for (const n of [...s.notices].reverse()) {
      if (!this.shownNotices.has(n.id)) {
        const element = notice(n.kind, n.message, { label: "Dismiss", run: () => this.handlers.dismissNotice(n.id) });
        this.notices.prepend(element);
        this.shownNotices.set(n.id, element);
      }
    }
  }
}
