import type { InterviewClient } from "../../api/client.js";
import { Difficulty, Language, TestSet, type Problem, type RunCodeResponse } from "../../gen/rehearse/coding/v1/coding_pb.js";
import { h, notice, replace } from "../../ui/dom.js";
import { DIFFICULTY_NAMES, LANGUAGE_NAMES } from "../../ui/labels.js";
import { hintsLeft, type CodingState } from "./coding-state.js";
import { browserDraftStorage, Drafts, type DraftKey } from "./drafts.js";
import type { CodeEditor, EditorLanguage } from "./editor.js";
import { loadCodeEditor } from "./load-editor.js";
import { renderMarkdown } from "./markdown-view.js";
import { appendOutput, describeRunFailure, summarizeRun, type RunKind } from "./results.js";
import { hiddenTestLine, testList } from "./results-view.js";

/** Drafts are saved this long after the last key press. */
const DRAFT_SAVE_DELAY_MS = 400;

export interface CodingPanelHandlers {
  /** The candidate asked for a hint (CONTROL_ACTION_HINT); the hint comes back as a CodingUpdate. */
  hint(): Promise<void>;
}

/**
 * The coding question in the room: the problem (statement, examples, hidden test count, hints given), an editor
 * holding the candidate's code (kept as a draft in the browser), Run examples / Submit / Hint, and the results of
 * the latest run with its output, streamed while it runs. The interview goes on around it: the candidate talks
 * through the approach while typing.
 */
export class CodingPanel {
  readonly element: HTMLElement;
  private readonly problemBox = h("div", { class: "coding-problem" });
  private readonly hintsBox = h("div", { class: "coding-hints", "aria-live": "polite" });
  private readonly editorLabel = h("span", { class: "coding-editor-label", id: "coding-editor-label" });
  private readonly editorSlot = h("div", { class: "coding-editor-slot" });
  private readonly runButton = h("button", { type: "button", class: "button secondary", "aria-keyshortcuts": "Control+Enter" }, "Run examples");
  private readonly submitButton = h("button", { type: "button", class: "button primary" }, "Submit");
  private readonly hintButton = h("button", { type: "button", class: "button secondary" }, "Hint");
  private readonly status = h("p", { class: "coding-status", role: "status" });
  private readonly results = h("div", { class: "coding-results", "data-tone": "none" });
  private readonly drafts = new Drafts(browserDraftStorage());
  private editor: CodeEditor | undefined;
  private state: CodingState | undefined;
  private busy = false;
  private sessionOver = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private running: AbortController | undefined;

  constructor(
    private readonly sessionId: string,
    private readonly client: InterviewClient,
    private readonly handlers: CodingPanelHandlers,
  ) {
    this.runButton.addEventListener("click", () => void this.run("examples"));
    this.submitButton.addEventListener("click", () => void this.run("submit"));
    this.hintButton.addEventListener("click", () => void this.askForHint());
    this.element = h(
      "section",
      { class: "card coding-panel", "aria-labelledby": "coding-title", hidden: true },
      this.problemBox,
      h(
        "div",
        { class: "coding-work" },
        h("div", { class: "row space-between wrap" }, this.editorLabel, h("span", { class: "hint" }, "Ctrl+Enter runs the examples · Esc then Tab leaves the editor")),
        this.editorSlot,
        h("div", { class: "row wrap coding-actions" }, this.runButton, this.submitButton, this.hintButton),
        this.status,
        this.results,
        this.hintsBox,
      ),
    );
  }

  /** True when the panel shows a coding question. */
  get active(): boolean {
    return this.state !== undefined;
  }

  /** Draws the coding question as the server last described it. */
  show(state: CodingState | undefined): void {
    const previous = this.state;
    this.state = state;
    if (!state?.task.problem) {
      this.element.hidden = true;
      return;
    }
    this.element.hidden = false;
    const task = state.task;
    this.element.dataset.problem = task.problem?.summary?.id ?? "";
    if (previous?.turnIndex !== state.turnIndex) {
      this.drawProblem(task.problem!, task.language);
      this.editor?.destroy();
      this.editor = undefined;
      void this.mountEditor(state.turnIndex);
      this.results.replaceChildren();
      this.results.dataset.tone = "none";
      this.status.textContent = "";
    }
    this.editor?.setLocked(task.submitted);
    if (state.result && !this.busy && state.result.response !== previous?.result?.response) {
      this.drawResult(state.result.kind, state.result.response);
    }
    replace(
      this.hintsBox,
      task.hints.length > 0 ? [h("h3", {}, "Hints"), h("ol", { class: "hint-list" }, task.hints.map((hint) => h("li", {}, hint)))] : null,
    );
    this.updateButtons();
  }

  /** The interview ended (or was never going to take runs again): the buttons go. */
  sessionFinished(): void {
    this.sessionOver = true;
    this.running?.abort();
    this.updateButtons();
  }

  dispose(): void {
    this.running?.abort();
    this.saveDraftNow();
    this.editor?.destroy();
  }

  /** The editor's code (CodeMirror) is loaded when the first coding question comes, not with the page. */
  private async mountEditor(turnIndex: number): Promise<void> {
    replace(this.editorSlot, h("p", { class: "muted" }, "Loading the editor…"));
    let Editor: typeof CodeEditor;
    try {
      Editor = await loadCodeEditor();
    } catch {
      replace(this.editorSlot, notice("error", "The code editor could not be loaded. Reload the page to try again."));
      return;
    }
    const state = this.state;
    if (!state || state.turnIndex !== turnIndex || this.editor) {
      return; // a newer question came while it loaded
    }
    const task = state.task;
    const key = this.draftKey();
    this.editor = new Editor({
      language: editorLanguage(task.language),
      code: (!task.submitted && key && this.drafts.load(key)) || task.code || starterCode(task.problem!, task.language),
      label: "Your solution",
      changed: () => this.scheduleDraftSave(),
      run: () => void this.run("examples"),
    });
    this.editor.setLocked(task.submitted);
    replace(this.editorSlot, this.editor.element);
  }

  private drawProblem(problem: Problem, language: Language): void {
    const summary = problem.summary;
    const examples = problem.examples;
    this.editorLabel.textContent = `Your solution · ${LANGUAGE_NAMES[language] ?? "Code"}`;
    replace(
      this.problemBox,
      h(
        "div",
        { class: "row space-between wrap coding-title-row" },
        h("h2", { id: "coding-title" }, summary?.title || "Coding problem"),
        summary && summary.difficulty !== Difficulty.UNSPECIFIED ? h("span", { class: "chip" }, DIFFICULTY_NAMES[summary.difficulty] ?? "") : null,
      ),
      h("div", { class: "coding-statement" }, renderMarkdown(problem.statement)),
      examples.length > 0
        ? [
            h("h3", {}, "Examples"),
            h(
              "ol",
              { class: "coding-examples" },
              examples.map((example) =>
                h(
                  "li",
                  {},
                  h("dl", { class: "test-values" }, h("dt", {}, "Input"), h("dd", {}, h("code", {}, example.inputJson)), h("dt", {}, "Expected"), h("dd", {}, h("code", {}, example.expectedJson))),
                  example.explanation ? h("p", { class: "muted" }, example.explanation) : null,
                ),
              ),
            ),
          ]
        : null,
      problem.hiddenTestCount > 0 ? h("p", { class: "hint" }, `Submitting also runs ${problem.hiddenTestCount} hidden tests.`) : null,
    );
  }

  private updateButtons(): void {
    const task = this.state?.task;
    const closed = this.sessionOver || task?.submitted === true;
    this.runButton.disabled = this.busy || closed;
    this.submitButton.disabled = this.busy || closed;
    this.hintButton.disabled = this.busy || closed;
    this.runButton.hidden = this.submitButton.hidden = this.hintButton.hidden = this.sessionOver;
    const left = task ? hintsLeft(task) : 0;
    this.hintButton.textContent = task && task.hintCount > 0 ? `Hint (${left} left)` : "Hint";
    if (task && task.hintCount > 0 && left === 0) {
      this.hintButton.disabled = true;
    }
    this.submitButton.textContent = task?.submitted ? "Submitted" : "Submit";
  }

  private async run(kind: RunKind): Promise<void> {
    const editor = this.editor;
    if (!editor || this.busy || this.sessionOver || this.state?.task.submitted) {
      return;
    }
    const source = editor.code;
    if (!source.trim()) {
      this.status.textContent = "Write some code first.";
      return;
    }
    this.saveDraftNow();
    this.busy = true;
    this.updateButtons();
    this.status.textContent = kind === "examples" ? "Running the examples…" : "Submitting: running every test…";
    this.results.dataset.tone = "running";
    const live = h("pre", { class: "coding-output live", "aria-label": "Output so far" });
    replace(this.results, live);
    const controller = new AbortController();
    this.running = controller;
    try {
      let response: RunCodeResponse | undefined;
      if (kind === "submit") {
        response = (await this.client.submitCode({ sessionId: this.sessionId, source }, { signal: controller.signal })).result;
        const key = this.draftKey();
        if (key) {
          this.drafts.clear(key); // the server keeps the submitted code
        }
      } else {
        let output = "";
        for await (const message of this.client.streamRunCode({ sessionId: this.sessionId, source, testSet: TestSet.EXAMPLES }, { signal: controller.signal })) {
          if (message.event.case === "output") {
            output = appendOutput(output, message.event.value.text);
            live.textContent = output;
          } else if (message.event.case === "result") {
            response = message.event.value.result;
          }
        }
      }
      if (!response) {
        throw new Error("The server ended the run without a result.");
      }
      this.status.textContent = "";
      this.drawResult(kind, response);
    } catch (error) {
      if (!controller.signal.aborted) {
        this.status.textContent = "";
        this.results.dataset.tone = "error";
        replace(this.results, notice("error", describeRunFailure(error)));
      }
    } finally {
      this.busy = false;
      this.running = undefined;
      this.updateButtons();
    }
  }

  private drawResult(kind: RunKind, response: RunCodeResponse): void {
    const summary = summarizeRun(response, kind);
    this.results.dataset.tone = summary.tone;
    this.results.dataset.kind = kind;
    replace(
      this.results,
      h(
        "div",
        { class: "coding-verdict", role: "status" },
        h("strong", { class: "coding-headline" }, summary.headline),
        summary.seconds > 0 ? h("span", { class: "muted" }, ` · ${summary.seconds.toFixed(2)} s`) : null,
        summary.detail ? h("p", { class: "coding-detail" }, summary.detail) : null,
      ),
      summary.visible.length > 0 ? testList(summary.visible) : null,
      hiddenTestLine(summary.hiddenPassed, summary.hiddenPassed + summary.hiddenFailed),
      output("Output", response.stdout),
      output("Errors", response.stderr),
      response.outputTruncated ? h("p", { class: "hint" }, "The output was cut at the runner's limit.") : null,
    );
  }

  private async askForHint(): Promise<void> {
    this.hintButton.disabled = true;
    try {
      await this.handlers.hint();
    } finally {
      this.updateButtons();
    }
  }

  private draftKey(): DraftKey | undefined {
    const state = this.state;
    return state ? { sessionId: this.sessionId, turnIndex: state.turnIndex, language: Language[state.task.language] ?? String(state.task.language) } : undefined;
  }

  private scheduleDraftSave(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveDraftNow(), DRAFT_SAVE_DELAY_MS);
  }

  private saveDraftNow(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const key = this.draftKey();
    if (key && this.editor && !this.state?.task.submitted) {
      this.drafts.save(key, this.editor.code);
    }
  }
}

function output(title: string, text: string): HTMLElement | null {
  return text ? h("details", { class: "coding-output-box", open: true }, h("summary", {}, title), h("pre", { class: "coding-output" }, text)) : null;
}

export function editorLanguage(language: Language): EditorLanguage {
  return language === Language.JAVASCRIPT ? "javascript" : "python";
}

function starterCode(problem: Problem, language: Language): string {
  return problem.starterCode.find((s) => s.language === language)?.code ?? "";
}
