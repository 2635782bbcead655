import type { TestResult } from "../../gen/rehearse/coding/v1/coding_pb.js";
import { h } from "../../ui/dom.js";

/**
 * The visible tests of a run, one per line: passed or failed, and the input, the expected value and what the code
 * returned (or the error it raised). Used by the room and the report.
 */
export function testList(tests: readonly TestResult[], label: (test: TestResult, position: number) => string = (_, i) => `Example ${i + 1}`): HTMLElement {
  return h(
    "ol",
    { class: "test-results" },
    tests.map((test, i) =>
      h(
        "li",
        { class: `test-result ${test.passed ? "passed" : "failed"}`, "data-passed": String(test.passed) },
        h("span", { class: "test-verdict" }, h("span", { "aria-hidden": "true" }, test.passed ? "✓ " : "✗ "), `${label(test, i)} ${test.passed ? "passed" : "failed"}`),
        h(
          "dl",
          { class: "test-values" },
          value("Input", test.inputJson),
          value("Expected", test.expectedJson),
          test.error ? value("Error", test.error) : value("Returned", test.actualJson || "nothing"),
        ),
      ),
    ),
  );
}

function value(name: string, text: string): HTMLElement[] {
  return [h("dt", {}, name), h("dd", {}, h("code", {}, text))];
}

/** "Hidden tests: 5 of 6 passed", or null when the run had none. */
export function hiddenTestLine(passed: number, total: number): HTMLElement | null {
  if (total === 0) {
    return null;
  }
  return h("p", { class: `hidden-tests ${passed === total ? "passed" : "failed"}` }, `Hidden tests: ${passed} of ${total} passed`, passed === total ? "" : " (their inputs are not shown)");
}
