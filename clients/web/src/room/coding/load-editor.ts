import type { CodeEditor } from "./editor.js";

let loading: Promise<typeof CodeEditor> | undefined;

/**
 * The code editor's module, fetched on first use: CodeMirror and its two languages weigh about three times the rest
 * of the page, and only coding questions and their reports need them. A failed fetch is tried again next time.
 */
export function loadCodeEditor(): Promise<typeof CodeEditor> {
  loading ??= import("./editor.js").then(
    (module) => module.CodeEditor,
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
