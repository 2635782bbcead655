import { h, replace } from "../ui/dom.js";
import type { AnswerEntry, InterviewerEntry, TranscriptEntry } from "./state.js";

/**
 * The conversation transcript (a `role="log"` list). New entries go at the end (scrolled into view when the reader
 * is at the bottom), changed ones are redrawn in place, and withdrawn ones (a reply the interviewer took back)
 * are removed.
 */
export class TranscriptView {
  readonly element = h("ol", { class: "conversation", role: "log", "aria-label": "Conversation transcript" });
  private readonly shown = new Map<string, { entry: TranscriptEntry; element: HTMLElement }>();

  render(transcript: readonly TranscriptEntry[]): void {
    const keys = new Set(transcript.map((entry) => entry.key));
    for (const [key, shown] of this.shown) {
      if (!keys.has(key)) {
        shown.element.remove();
        this.shown.delete(key);
      }
    }
    for (const entry of transcript) {
      const shown = this.shown.get(entry.key);
      if (shown?.entry === entry) {
        continue;
      }
      const element = shown?.element ?? this.append(entry.kind === "interviewer" ? newInterviewerEntry(entry) : newAnswerEntry(entry));
      if (entry.kind === "interviewer") {
        drawInterviewerEntry(element, entry);
      } else {
        drawAnswerEntry(element, entry);
      }
      this.shown.set(entry.key, { entry, element });
    }
  }

  private append(element: HTMLElement): HTMLElement {
    const log = this.element;
    const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    log.append(element);
    if (nearBottom) {
      log.scrollTop = log.scrollHeight;
    }
    return element;
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
