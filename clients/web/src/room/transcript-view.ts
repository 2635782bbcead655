import { h, replace } from "../ui/dom.js";
import type { AnswerEntry, InterviewerEntry, TranscriptEntry } from "./state.js";

/** How close to the bottom (px) the reader counts as reading the newest entry. */
const AT_BOTTOM_PX = 80;

/**
 * The conversation transcript (a `role="log"` list). New entries go at the end, changed ones are redrawn in place,
 * and withdrawn ones (a reply the interviewer took back) are removed. The newest entry stays in view while the
 * reader is at the bottom; once they scroll up it stays where they are, and "Jump to latest" brings them back.
 */
export class TranscriptView {
  // Focusable, so the keyboard can scroll it.
  readonly element = h("ol", { class: "conversation", role: "log", "aria-label": "Conversation transcript", tabindex: 0 });
  readonly jumpButton = h("button", { type: "button", class: "button secondary jump-latest", hidden: true }, "Jump to latest ↓");
  private readonly shown = new Map<string, { entry: TranscriptEntry; element: HTMLElement }>();

  constructor() {
    this.element.addEventListener("scroll", () => this.showJump(), { passive: true });
    this.jumpButton.addEventListener("click", () => {
      this.element.scrollTop = this.element.scrollHeight;
      this.showJump();
      // The button goes: the focus moves to the transcript rather than nowhere.
      this.element.focus({ preventScroll: true });
    });
  }

  render(transcript: readonly TranscriptEntry[]): void {
    // Read before anything changes: a reader at the bottom follows what is added, one who scrolled up stays put.
    const following = this.distanceFromBottom() < AT_BOTTOM_PX;
    let changed = false;
    const keys = new Set(transcript.map((entry) => entry.key));
    for (const [key, shown] of this.shown) {
      if (!keys.has(key)) {
        shown.element.remove();
        this.shown.delete(key);
        changed = true;
      }
    }
    for (const entry of transcript) {
      const shown = this.shown.get(entry.key);
      if (shown?.entry === entry) {
        continue;
      }
      changed = true;
      const element = shown?.element ?? this.element.appendChild(entry.kind === "interviewer" ? newInterviewerEntry(entry) : newAnswerEntry(entry));
      if (entry.kind === "interviewer") {
        drawInterviewerEntry(element, entry);
      } else {
        drawAnswerEntry(element, entry);
      }
      this.shown.set(entry.key, { entry, element });
    }
    if (!changed) {
      return;
    }
    if (following) {
      this.element.scrollTop = this.element.scrollHeight;
    }
    this.showJump();
  }

  /** "Jump to latest" shows while the newest entry is out of view below. */
  private showJump(): void {
    const hidden = this.distanceFromBottom() < AT_BOTTOM_PX;
    if (this.jumpButton.hidden !== hidden) {
      this.jumpButton.hidden = hidden;
    }
  }

  private distanceFromBottom(): number {
    return this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight;
  }
}

function newInterviewerEntry(entry: InterviewerEntry): HTMLElement {
  return h("li", { class: entry.aside ? "entry interviewer aside" : "entry interviewer" }, h("span", { class: "who" }, entry.label), h("p", {}));
}

function drawInterviewerEntry(element: HTMLElement, entry: InterviewerEntry): void {
  element.querySelector("p")!.textContent = entry.text;
  if (entry.interrupted && !element.classList.contains("interrupted")) {
    element.classList.add("interrupted");
    element.querySelector(".who")!.append(h("span", { class: "interrupted-tag" }, "Interrupted by you"));
  }
}

function newAnswerEntry(entry: AnswerEntry): HTMLElement {
  return h("li", { class: "entry candidate", "data-turn": entry.turnIndex }, h("span", { class: "who" }, "You"), h("p", { class: "answer-text" }));
}

/** The recorded answer once known; until then the recognised text, interim parts in grey italics. */
function drawAnswerEntry(element: HTMLElement, entry: AnswerEntry): void {
  const text = element.querySelector(".answer-text")!;
  const result = entry.result;
  if (result) {
    replace(text, result.skipped ? h("em", {}, "Skipped") : result.text || h("em", {}, "No answer"));
  } else {
    replace(
      text,
      entry.segments.flatMap((segment, i) => [
        i > 0 ? " " : "",
        segment.final ? h("span", { class: "final" }, segment.text) : h("span", { class: "interim", title: "Still being recognised" }, segment.text),
      ]),
    );
  }
  element.classList.toggle("complete", entry.complete);
  element.querySelector(".who")!.textContent = entry.typed ? "You (typed)" : "You";
}
