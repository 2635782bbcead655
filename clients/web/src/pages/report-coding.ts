import { durationMs } from "@bufbuild/protobuf/wkt";
import type { CodingFeedback } from "../gen/rehearse/interview/v1/interview_pb.js";
import { loadCodeEditor } from "../room/coding/load-editor.js";
import { editorLanguage } from "../room/coding/panel.js";
import { hiddenTestLine, testList } from "../room/coding/results-view.js";
import { h } from "../ui/dom.js";
import { LANGUAGE_NAMES } from "../ui/labels.js";

/**
 * A coding question in the report: the final code (highlighted, read-only), how it fared against the tests, how
 * long the first passing run took, runs and hints used, and the complexity stated against the expected one.
 */
export function codingBlock(feedback: CodingFeedback): HTMLElement {
  // The code shows at once as plain text, and highlighted once its card is open (laid out) and the editor's module
  // has loaded: a closed card's code costs nothing.
  const code = h("pre", { class: "coding-output report-final-code" }, feedback.finalCode || "(no code)");
  const codeBox = h("div", { class: "report-code-box" }, code);
  if (feedback.finalCode) {
    const shown = new ResizeObserver((entries) => {
      if (!entries.some((entry) => entry.contentRect.height > 0)) {
        return;
      }
      shown.disconnect();
      void loadCodeEditor()
        .then((Editor) => {
          const editor = new Editor({ language: editorLanguage(feedback.language), code: feedback.finalCode, label: `Final code of ${feedback.problemTitle}`, readOnly: true });
          codeBox.replaceChildren(editor.element);
        })
        .catch(() => undefined); // the plain text stays
    });
    shown.observe(codeBox);
  }
  const visible = feedback.testResults.filter((t) => !t.hidden);
  const facts: [string, string][] = [
    ["Tests passed", feedback.submitted ? `${feedback.testsPassed} of ${feedback.testCount}` : "not submitted"],
    ["First passing run", feedback.timeToFirstPass ? minutesAndSeconds(durationMs(feedback.timeToFirstPass)) : "none"],
    ["Runs before submitting", String(feedback.runCount)],
    ["Hints used", String(feedback.hintsUsed)],
  ];
  if (feedback.expectedTimeComplexity) {
    facts.push(["Time complexity", complexityText(feedback)]);
  }
  return h(
    "div",
    { class: "report-code", "data-coding": feedback.problemId },
    h("h3", {}, `Code · ${feedback.problemTitle || feedback.problemId} · ${LANGUAGE_NAMES[feedback.language] ?? ""}`),
    h("dl", { class: "test-values coding-facts" }, facts.flatMap(([name, value]) => [h("dt", {}, name), h("dd", {}, value)])),
    codeBox,
    visible.length > 0 ? testList(visible) : null,
    hiddenTestLine(feedback.hiddenTestsPassed, feedback.hiddenTestCount),
  );
}

function complexityText(feedback: CodingFeedback): string {
  const expected = `expected ${feedback.expectedTimeComplexity}${feedback.expectedSpaceComplexity ? ` time, ${feedback.expectedSpaceComplexity} space` : ""}`;
  if (!feedback.statedTimeComplexity) {
    return `not stated (${expected})`;
  }
  return `${feedback.statedTimeComplexity} stated${feedback.complexityMatches ? " ✓" : ""} (${expected})`;
}

function minutesAndSeconds(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
