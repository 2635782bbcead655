import { Code, ConnectError, describeError, interviewClient } from "../api/client.js";
import { Microphone, MicrophoneError } from "../audio/microphone.js";
import { playbackContext, SpeechPlayer } from "../audio/player.js";
import { durationMs } from "@bufbuild/protobuf/wkt";
import { ControlAction, SessionState, UtteranceKind } from "../gen/rehearse/interview/v1/interview_pb.js";
import { recordAudio, recordSegment } from "../session/answer-recordings.js";
import { BargeInDetector, DUCKED_VOLUME } from "../room/barge-in.js";
import { codingFromTurns, codingUpdated, type CodingState } from "../room/coding/coding-state.js";
import { CodingPanel } from "../room/coding/panel.js";
import { reduce } from "../room/reducer.js";
import { audible, greetingPlays, initialRoomState, interviewRuns, sendsAudio, wantsMicrophone, type BannerAction, type RoomEvent, type RoomState } from "../room/state.js";
import { RoomView, SHORTCUTS, type RoomCommand } from "../room/view.js";
import { AudioSender } from "../session/audio-sender.js";
import { EventStream } from "../session/event-stream.js";
import { takeRoomPreferences } from "../session/preferences.js";
import type { Page } from "./page.js";

/** How long the "report is ready" notice shows before the report opens. */
const REPORT_OPENS_AFTER_MS = 1_500;
/** The report is asked for this often, this many times, when the stream ended without ReportReady. */
const REPORT_POLL_MS = 2_000;
const REPORT_POLLS = 60;
/** How often the clocks are redrawn. */
const CLOCK_TICK_MS = 250;

export function roomPage(sessionId: string): Page {
  const room = new InterviewRoom(sessionId);
  return { element: room.view.element, title: "Interview", dispose: () => room.dispose() };
}

/**
 * The interview room's wiring: every happening (server event, connection, microphone, playback, the candidate's
 * action) goes through reduce() into the state, the view draws it, and what the change asks for in the world
 * (open or close the microphone, stop the playback, poll for the report) is done here.
 */
class InterviewRoom {
  readonly view: RoomView;
  private state: RoomState;
  private readonly client = interviewClient();
  private readonly player = new SpeechPlayer();
  private readonly microphone: Microphone;
  private readonly stream: EventStream;
  private readonly sender: AudioSender;
  private readonly bargeIn = new BargeInDetector();
  private readonly coding: CodingPanel;
  private codingState: CodingState | undefined;
  private readonly autostart: boolean;
  /** Events waiting to be reduced: one that causes another (stopping playback reports idle) is finished first. */
  private readonly pending: RoomEvent[] = [];
  private reducing = false;
  private disposed = false;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly keyHandler = (event: KeyboardEvent) => this.onKey(event);
  /** The turn the audio being sent answers: the last question or follow-up asked. */
  private answeringTurn: number | undefined;

  constructor(private readonly sessionId: string) {
    const preferences = takeRoomPreferences(sessionId);
    this.autostart = preferences.autostart;
    this.state = initialRoomState(preferences.typing);
    this.view = new RoomView(this.state, {
      command: (command) => this.run(command),
      endConfirmed: () => void this.control(ControlAction.END),
      submitTyped: () => void this.submitTyped(),
      bannerAction: (action) => this.bannerAction(action),
      dismissNotice: (id) => this.dispatch({ type: "noticeDismissed", id }),
    });
    this.coding = new CodingPanel(sessionId, this.client, { hint: () => this.control(ControlAction.HINT) });
    this.view.codingSlot.append(this.coding.element);
    this.microphone = new Microphone({
      chunk: (samples) => {
        if (sendsAudio(this.state)) {
          this.sender.send(samples);
          // The same audio the server hears for the turn, so the transcript's offsets line up on replay.
          if (this.answeringTurn !== undefined) {
            recordAudio(this.sessionId, this.answeringTurn, samples);
          }
        }
      },
      level: (rms) => this.onMicrophoneLevel(rms),
      ended: () => this.dispatch({ type: "microphoneClosed" }),
    });
    this.stream = new EventStream(this.client, sessionId, {
      event: (event) => this.dispatch({ type: "server", event, at: Date.now() }),
      connection: (lost) => {
        this.dispatch({ type: "connection", lost });
        if (lost === null && interviewRuns(this.state)) {
          // The session may have moved to another server while the stream was down (see interviewRuns).
          void this.control(ControlAction.START);
        }
      },
      failed: (message) => this.dispatch({ type: "streamFailed", message }),
    });
    this.sender = new AudioSender(this.client, sessionId, {
      trouble: (message) => this.dispatch({ type: "audioTrouble", message }),
    });
    this.player.onIdle(() => this.dispatch({ type: "playbackIdle" }));

    this.view.render(this.state, Date.now());
    document.addEventListener("keydown", this.keyHandler);
    this.timer = setInterval(() => this.view.renderClocks(this.state, Date.now()), CLOCK_TICK_MS);
    void this.load();
  }

  dispose(): void {
    this.disposed = true;
    document.removeEventListener("keydown", this.keyHandler);
    clearInterval(this.timer);
    this.stream.stop();
    this.sender.close();
    this.player.stop();
    this.coding.dispose();
    void this.microphone.dispose();
  }

  private dispatch(event: RoomEvent): void {
    if (this.disposed) {
      return;
    }
    this.pending.push(event);
    if (this.reducing) {
      return;
    }
    this.reducing = true;
    try {
      for (let next = this.pending.shift(); next !== undefined; next = this.pending.shift()) {
        const previous = this.state;
        this.state = reduce(previous, next);
        this.act(previous, this.state, next);
      }
    } finally {
      this.reducing = false;
    }
    this.view.render(this.state, Date.now());
  }

  /** Does in the world what a change of state asks for. */
  private act(previous: RoomState, next: RoomState, event: RoomEvent): void {
    if (wantsMicrophone(next) !== wantsMicrophone(previous)) {
      void (wantsMicrophone(next) ? this.openMicrophone() : this.closeMicrophone());
    }
    const stateChanged = next.state !== previous.state;
    if (next.interviewerDucked !== previous.interviewerDucked) {
      this.player.setVolume(next.interviewerDucked ? DUCKED_VOLUME : 1);
    }
    if (next.interruptedUtterance !== previous.interruptedUtterance || (stateChanged && (next.state === SessionState.PAUSED || next.state === SessionState.FINISHED))) {
      this.player.stop();
    }
    if (stateChanged && next.state === SessionState.FINISHED) {
      this.sender.close();
      this.coding.sessionFinished();
      void this.waitForReport();
    }
    if (event.type !== "server") {
      return;
    }
    const e = event.event.event;
    if (e.case === "interviewerUtterance" && (e.value.kind === UtteranceKind.QUESTION || e.value.kind === UtteranceKind.FOLLOW_UP)) {
      this.answeringTurn = e.value.turnIndex;
    } else if (e.case === "transcript" && e.value.isFinal) {
      const t = e.value;
      recordSegment(this.sessionId, t.turnIndex, {
        index: t.segmentIndex,
        text: t.text,
        startMs: t.startOffset ? durationMs(t.startOffset) : 0,
        endMs: t.endOffset ? durationMs(t.endOffset) : 0,
      });
    }
    if (e.case === "interviewerAudio" && audible(previous, e.value.utteranceId)) {
      const { audio, format, sentenceText, sentenceIndex, utteranceId } = e.value;
      this.player.enqueue(audio, format?.sampleRateHertz || 24_000, () => this.dispatch({ type: "sentenceHeard", utteranceId, sentence: sentenceText, sentenceIndex }));
    } else if (e.case === "stateChanged" && next.state === SessionState.LISTENING && next.typing) {
      this.view.offerTypedAnswer();
    } else if (e.case === "codingUpdate") {
      this.showCoding(codingUpdated(this.codingState, e.value));
    } else if (e.case === "reportReady") {
      setTimeout(() => {
        if (!this.disposed) {
          location.hash = `#/report/${encodeURIComponent(this.sessionId)}`;
        }
      }, REPORT_OPENS_AFTER_MS);
    }
  }

  private async load(): Promise<void> {
    try {
      const { session, turns } = await this.client.getSession({ sessionId: this.sessionId });
      if (this.disposed || !session) {
        return;
      }
      this.dispatch({ type: "loaded", session, turns, at: Date.now() });
      this.showCoding(codingFromTurns(turns));
      if (session.state === SessionState.FINISHED) {
        this.coding.sessionFinished();
        return;
      }
      // Replay every stored event: rebuilds the transcript after a reload, then continues live.
      this.stream.start(0n);
      if (session.state === SessionState.CREATED && this.autostart) {
        void this.start();
      }
    } catch (error) {
      const message = ConnectError.from(error).code === Code.NotFound ? "This interview does not exist, or belongs to another browser." : describeError(error);
      this.dispatch({ type: "loadFailed", message });
    }
  }

  private showCoding(state: CodingState | undefined): void {
    this.codingState = state;
    this.coding.show(state);
    this.view.element.dataset.coding = this.coding.active ? "on" : "off";
  }

  /** When the stream ends without ReportReady (e.g. it was written while disconnected), ask for it. */
  private async waitForReport(): Promise<void> {
    for (let attempt = 0; attempt < REPORT_POLLS && !this.disposed && !this.state.reportReady; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, REPORT_POLL_MS));
      if (this.state.reportReady || this.disposed) {
        return;
      }
      try {
        await this.client.getReport({ sessionId: this.sessionId });
        this.dispatch({ type: "reportFound" });
        return;
      } catch {
        // still being written
      }
    }
  }

  // ---- Microphone ----------------------------------------------------------------------------------------------

  private async openMicrophone(): Promise<void> {
    try {
      await this.microphone.open();
      this.dispatch({ type: "microphoneOpened" });
    } catch (error) {
      this.dispatch({ type: "microphoneFailed", message: error instanceof MicrophoneError ? error.message : String(error) });
    }
    // Muted, typing chosen or the room left while the device was opening.
    if (this.disposed || !wantsMicrophone(this.state)) {
      await this.closeMicrophone();
    }
  }

  private async closeMicrophone(): Promise<void> {
    await this.microphone.close();
    // Unmuting again while the last audio was flushed has opened it again.
    if (!this.microphone.isOpen) {
      this.dispatch({ type: "microphoneClosed" });
    }
  }

  private onMicrophoneLevel(rms: number): void {
    this.view.meter.set(rms);
    const playing = this.state.playingUtterance;
    const action = this.bargeIn.hear(rms, this.player.playing && playing !== undefined, performance.now());
    if (action === undefined || playing === undefined) {
      return;
    }
    if (action === "stop") {
      // The voice outlasted a backchannel and the server has not stopped the interviewer yet: stop it here, and
      // tell the server.
      this.player.stop();
      this.dispatch({ type: "bargedIn", utteranceId: playing });
      void this.client.control({ sessionId: this.sessionId, action: ControlAction.INTERRUPT }).catch(() => undefined);
    } else {
      this.dispatch({ type: "interviewerDucked", ducked: action === "duck" });
    }
  }

  // ---- Actions -------------------------------------------------------------------------------------------------

  private run(command: RoomCommand): void {
    playbackContext(); // within the click or key press, so the interviewer may speak
    switch (command) {
      case "start":
        void this.start();
        break;
      case "done":
        void this.control(ControlAction.DONE_ANSWERING);
        break;
      case "repeat":
        void this.control(ControlAction.REPEAT_QUESTION);
        break;
      case "skip":
        // During the greeting there is no question yet: stopping the greeting brings the first one.
        void this.control(greetingPlays(this.state) ? ControlAction.INTERRUPT : ControlAction.SKIP_QUESTION);
        break;
      case "redo":
        void this.control(ControlAction.REDO_ANSWER);
        break;
      case "continue":
        void this.control(ControlAction.CONTINUE);
        break;
      case "pause":
        void this.control(this.state.state === SessionState.PAUSED ? ControlAction.RESUME : ControlAction.PAUSE);
        break;
      case "mute":
        this.dispatch({ type: "muteToggled" });
        break;
      case "type":
        this.view.openTyping();
        break;
      case "end":
        if (this.state.state !== SessionState.FINISHED) {
          this.view.askToEnd();
        }
        break;
      case "report":
        location.hash = `#/report/${encodeURIComponent(this.sessionId)}`;
        break;
    }
  }

  private bannerAction(action: BannerAction): void {
    switch (action) {
      case "retry-load":
        void this.load();
        break;
      case "back-to-setup":
        location.hash = "#/";
        break;
      case "answer-by-typing":
        this.dispatch({ type: "typingChosen" });
        this.view.openTyping();
        break;
    }
  }

  private async start(): Promise<void> {
    playbackContext();
    this.dispatch({ type: "startRequested" });
    try {
      await this.client.control({ sessionId: this.sessionId, action: ControlAction.START });
    } catch (error) {
      this.dispatch({ type: "startFailed", message: describeError(error) });
    }
  }

  private async control(action: ControlAction): Promise<void> {
    try {
      await this.client.control({ sessionId: this.sessionId, action });
    } catch (error) {
      this.dispatch({ type: "controlFailed", message: describeError(error) });
    }
  }

  private async submitTyped(): Promise<void> {
    const text = this.view.typedText.trim();
    if (!text) {
      this.view.focusTypedAnswer();
      return;
    }
    this.dispatch({ type: "typedAnswerSending" });
    try {
      await this.client.sendText({ sessionId: this.sessionId, text });
      this.view.answerSent();
      this.dispatch({ type: "typedAnswerSent" });
    } catch (error) {
      this.dispatch({ type: "typedAnswerFailed", message: describeError(error) });
    }
  }

  private onKey(event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) {
      return;
    }
    // The code editor lives in a shadow root: the key's own target is inside it (event.target is only its host).
    const target = (event.composedPath()[0] ?? event.target) as HTMLElement | null;
    if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || this.view.asking)) {
      return;
    }
    const shortcut = SHORTCUTS.find((s) => s.key === event.key.toLowerCase());
    if (shortcut) {
      event.preventDefault();
      this.run(shortcut.command);
    }
  }
}
