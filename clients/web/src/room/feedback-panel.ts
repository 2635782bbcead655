import type { AnswerFeedback } from "../gen/rehearse/interview/v1/interview_pb.js";
import { scoreBand } from "../ui/charts.js";
import { h, replace } from "../ui/dom.js";
import { scoreChange } from "./feedback-text.js";

/**
 * Practice mode's feedback in the room: the question's score with its change from the previous attempt, the key
 * points covered, only mentioned and missed, one tip, and the choice to try again or continue.
 */
export class FeedbackPanel {
  readonly element = h("section", { class: "card feedback-panel", "aria-labelledby": "feedback-title", hidden: true });
  private shown: AnswerFeedback | undefined;

  constructor(private readonly choose: (choice: "redo" | "continue") => void) {}

  render(feedback: AnswerFeedback | undefined, reviewing: boolean): void {
    this.element.hidden = feedback === undefined;
    if (feedback !== this.shown) {
      this.shown = feedback;
      if (feedback) {
        this.draw(feedback);
      }
    }
    for (const button of this.element.querySelectorAll("button")) {
      button.disabled = !reviewing;
    }
  }

  private draw(f: AnswerFeedback): void {
    const overall = f.scores?.overall ?? 0;
    const change = scoreChange(f);
    const points = (title: string, items: readonly string[], kind: string) =>
      items.length ? h("div", {}, h("h3", {}, title), h("ul", { class: `points ${kind}` }, items.map((p) => h("li", {}, p)))) : null;
    replace(
      this.element,
      h("h2", { id: "feedback-title" }, `Feedback · question ${f.questionIndex + 1}, attempt ${f.attempt}`),
      h(
        "p",
        { class: "feedback-score" },
        h("span", { class: `score-badge band-${scoreBand(overall)}`, "aria-label": `Score ${overall} out of 100` }, String(overall)),
        change ? h("span", { class: "chip feedback-change" }, change) : null,
        f.scores
          ? h("span", { class: "muted" }, `Technical depth ${f.scores.technicalDepth?.score ?? 0} · communication ${f.scores.communication?.score ?? 0} · problem solving ${f.scores.problemSolving?.score ?? 0}`)
          : null,
      ),
      points("Covered", f.coveredPoints, "covered"),
      points("Only mentioned", f.mentionedPoints, "mentioned"),
      points("Missed", f.missedPoints, "missed"),
      h("p", { class: "feedback-tip" }, h("strong", {}, "Tip: "), f.tip),
      h(
        "div",
        { class: "row wrap" },
        h("button", { type: "button", class: "button secondary", "data-choice": "redo", "aria-keyshortcuts": "A", onclick: () => this.choose("redo") }, "Try again"),
        h("button", { type: "button", class: "button primary", "data-choice": "continue", "aria-keyshortcuts": "C", onclick: () => this.choose("continue") }, "Continue"),
      ),
    );
  }
}
