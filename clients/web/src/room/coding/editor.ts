import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { javascriptLanguage } from "@codemirror/lang-javascript";
import { pythonLanguage } from "@codemirror/lang-python";
import { bracketMatching, indentOnInput, indentUnit, LanguageSupport, syntaxHighlighting } from "@codemirror/language";
import { Compartment, EditorState, type Extension } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars, keymap, lineNumbers } from "@codemirror/view";
import { classHighlighter } from "@lezer/highlight";

/** The languages the editor knows (the code runner's). */
export type EditorLanguage = "python" | "javascript";

export interface CodeEditorOptions {
  readonly language: EditorLanguage;
  readonly code: string;
  /** The accessible name of the editing area, e.g. "Your solution". */
  readonly label: string;
  readonly readOnly?: boolean;
  /** Called after every change of the text. */
  readonly changed?: (code: string) => void;
  /** Ctrl+Enter (Cmd+Enter on a Mac) in the editor: runs the examples. */
  readonly run?: () => void;
}

/**
 * A CodeMirror 6 editor for Python or JavaScript: syntax highlighting (stable `tok-*` classes coloured from the
 * page's palette, so it follows the light and dark themes), the language's indentation (Enter, Tab and Shift-Tab, and
 * re-indenting a closing bracket), bracket matching, undo history and the standard keymap (Mod-/ toggles the
 * language's comment). Tab indents; Escape then Tab leaves the editor, as CodeMirror documents for keyboard users.
 */
export class CodeEditor {
  readonly element: HTMLElement;
  private readonly view: EditorView;
  private readonly editableSlot = new Compartment();

  constructor(options: CodeEditorOptions) {
    this.element = document.createElement("div");
    this.element.className = "code-editor";
    // CodeMirror adds its styles at run time. In the document that would be a <style> element, which the page's
    // Content-Security-Policy (style-src 'self') refuses; in a shadow root they go into a constructed style sheet
    // (adoptedStyleSheets), which it allows. The palette's custom properties reach inside.
    const root = this.element.attachShadow({ mode: "open" });
    const extensions: Extension[] = [
      editorTheme,
      lineNumbers(),
      highlightSpecialChars(),
      drawSelection(),
      syntaxHighlighting(classHighlighter),
      bracketMatching(),
      languageSupport(options.language),
      EditorView.contentAttributes.of({ "aria-label": options.label, spellcheck: "false", autocapitalize: "off", autocorrect: "off" }),
    ];
    if (options.readOnly) {
      // Still focusable, so keyboard users can move through the code and copy it.
      extensions.push(EditorState.readOnly.of(true));
    } else {
      const run = options.run;
      extensions.push(
        this.editableSlot.of([]),
        history(),
        indentOnInput(),
        highlightActiveLine(),
        highlightActiveLineGutter(),
        keymap.of([...(run ? [{ key: "Mod-Enter", run: () => (run(), true) }] : []), ...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) {
            options.changed?.(update.state.doc.toString());
          }
        }),
      );
    }
    this.view = new EditorView({ state: EditorState.create({ doc: options.code, extensions }), parent: root, root });
  }

  get code(): string {
    return this.view.state.doc.toString();
  }

  /** Locks the text (the code was submitted) or unlocks it. */
  setLocked(locked: boolean): void {
    this.view.dispatch({ effects: this.editableSlot.reconfigure(locked ? [EditorState.readOnly.of(true), EditorView.editable.of(false)] : []) });
  }

  destroy(): void {
    this.view.destroy();
  }
}

/** The page's palette (custom properties from app.css, which inherit into the shadow root) applied to the editor. */
const editorTheme = EditorView.theme({
  "&": {
    border: "1px solid var(--border)",
    borderRadius: "10px",
    background: "var(--surface)",
    color: "var(--text)",
    fontSize: "0.9rem",
    minHeight: "var(--editor-min-height, auto)",
  },
  "&.cm-focused": { outline: "2px solid var(--accent)", outlineOffset: "1px" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.5", minHeight: "var(--editor-min-height, auto)", maxHeight: "var(--editor-max-height, none)" },
  ".cm-gutters": { background: "var(--surface-2)", color: "var(--muted)", borderRight: "1px solid var(--border)", borderRadius: "10px 0 0 10px" },
  ".cm-activeLine": { background: "light-dark(rgb(79 70 229 / 5%), rgb(139 133 255 / 8%))" },
  ".cm-activeLineGutter": { background: "var(--accent-soft)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--text)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground": { background: "light-dark(#cfd3fb, #3b3a78)" },
  ".cm-matchingBracket": { background: "var(--mark)", outline: "1px solid var(--fair)" },
  ".tok-keyword, .tok-operatorKeyword, .tok-modifier": { color: "light-dark(#7c3aed, #c4a5ff)" },
  ".tok-string, .tok-string2": { color: "light-dark(#0f7b55, #7ee2b0)" },
  ".tok-number, .tok-bool, .tok-atom": { color: "light-dark(#b4540a, #f5b46c)" },
  ".tok-comment": { color: "var(--muted)", fontStyle: "italic" },
  ".tok-variableName.tok-definition, .tok-propertyName.tok-definition": { color: "light-dark(#1d4ed8, #8bb8ff)" },
  ".tok-className, .tok-typeName": { color: "light-dark(#9a3412, #ffb38a)" },
  ".tok-invalid": { color: "var(--danger)" },
});

/**
 * The language's grammar with its highlighting, indentation and comment syntax. The packages' autocompletion (of
 * local names and keywords) is left out: an interview tests what the candidate writes, and it would double the
 * editor's download.
 */
function languageSupport(language: EditorLanguage): Extension {
  // Python's convention is four spaces; the JavaScript starter code uses two.
  return language === "python" ? [new LanguageSupport(pythonLanguage), indentUnit.of("    ")] : [new LanguageSupport(javascriptLanguage), indentUnit.of("  ")];
}
