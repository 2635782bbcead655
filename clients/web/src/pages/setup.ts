import { create } from "@bufbuild/protobuf";
import { describeError, interviewClient } from "../api/client.js";
import { Microphone, MicrophoneError } from "../audio/microphone.js";
import { playbackContext, playWav } from "../audio/player.js";
import { Language } from "../gen/rehearse/coding/v1/coding_pb.js";
import {
  Difficulty,
  DocumentSchema,
  InterviewerEngine,
  InterviewType,
  Patience,
  type Document,
  type DocumentLimits,
  type GetSetupOptionsResponse,
} from "../gen/rehearse/interview/v1/interview_pb.js";
import { saveRoomPreferences } from "../session/preferences.js";
import { h, notice, replace } from "../ui/dom.js";
import { DIFFICULTY_NAMES, ENGINE_NAMES, INTERVIEW_TYPE_NAMES, LANGUAGE_NAMES, PATIENCE_CHOICES } from "../ui/labels.js";
import { LevelMeter } from "../ui/level-meter.js";
import type { Page } from "./page.js";

const MIB = 1024 * 1024;

export function setupPage(): Page {
  const client = interviewClient();
  const body = h("div", { class: "stack" }, h("p", { class: "muted", role: "status" }, "Loading interview options…"));
  const element = h(
    "section",
    { class: "page setup", "aria-labelledby": "setup-title" },
    h("h1", { id: "setup-title" }, "Set up your interview"),
    h("p", { class: "lead" }, "Pick a role and the kind of interview. The interviewer asks questions aloud, listens to your answers and writes a feedback report."),
    body,
  );
  let microphoneCheck: MicrophoneCheck | undefined;
  let stopPreview: (() => void) | undefined;

  const load = async () => {
    replace(body, h("p", { class: "muted", role: "status" }, "Loading interview options…"));
    try {
      const options = await client.getSetupOptions({});
      microphoneCheck = new MicrophoneCheck();
      replace(body, form(options, microphoneCheck, (stop) => (stopPreview = stop)));
    } catch (error) {
      replace(body, notice("error", `Interview options could not be loaded: ${describeError(error)}`, { label: "Try again", run: () => void load() }));
    }
  };
  void load();

  return {
    element,
    title: "New interview",
    dispose() {
      stopPreview?.();
      void microphoneCheck?.dispose();
    },
  };
}

function form(options: GetSetupOptionsResponse, microphoneCheck: MicrophoneCheck, onPreview: (stop: () => void) => void): HTMLElement {
  const client = interviewClient();
  const error = h("div", { class: "form-error", "aria-live": "assertive" });

  // Role and type: the types offered follow the role's question banks.
  const role = h(
    "select",
    { id: "role", name: "role", required: true },
    options.roles.map((r) => h("option", { value: r.id }, r.displayName || r.id)),
  );
  const type = h("select", { id: "interview-type", name: "interview-type" });
  const fillTypes = () => {
    const chosen = options.roles.find((r) => r.id === role.value);
    const types = chosen && chosen.interviewTypes.length > 0 ? chosen.interviewTypes : [InterviewType.TECHNICAL, InterviewType.BEHAVIORAL, InterviewType.SYSTEM_DESIGN];
    const previous = Number(type.value);
    replace(type, offeredTypes(types, options.codingAvailable).map((t) => h("option", { value: t, selected: t === previous }, INTERVIEW_TYPE_NAMES[t] ?? String(t))));
    coding.update();
  };
  const questionCount = h("input", { id: "question-count", name: "question-count", type: "number", min: 1, max: 20, value: 5, inputmode: "numeric", required: true });
  const coding = new CodingChoice(options, type);
  role.addEventListener("change", fillTypes);
  // A coding interview is long per question: until the number is chosen by hand, it follows the server's default
  // for the type (2 coding problems, 5 questions otherwise).
  let countChosen = false;
  questionCount.addEventListener("input", () => (countChosen = true));
  type.addEventListener("change", () => {
    coding.update();
    if (!countChosen) {
      questionCount.value = Number(type.value) === InterviewType.CODING ? "2" : "5";
    }
  });
  fillTypes();

  const difficulty = h(
    "fieldset",
    { class: "segmented" },
    h("legend", {}, "Difficulty"),
    [Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD].map((d) =>
      h("label", {}, h("input", { type: "radio", name: "difficulty", value: d, checked: d === Difficulty.MEDIUM }), h("span", {}, DIFFICULTY_NAMES[d]!)),
    ),
  );

  // Engines: unavailable ones are shown with the reason, not hidden.
  const defaultEngine = options.defaultEngine || InterviewerEngine.OFFLINE;
  const engines = h(
    "fieldset",
    { class: "choices" },
    h("legend", {}, "Interviewer"),
    options.engines.map((engine) =>
      h(
        "label",
        { class: `choice${engine.available ? "" : " unavailable"}` },
        h("input", { type: "radio", name: "engine", value: engine.engine, disabled: !engine.available, checked: engine.available && engine.engine === defaultEngine }),
        h(
          "span",
          { class: "choice-text" },
          h("span", { class: "choice-title" }, engine.displayName || ENGINE_NAMES[engine.engine] || "Interviewer"),
          h("span", { class: "choice-hint" }, engine.available ? (engine.engine === InterviewerEngine.OFFLINE ? "Works offline, no key needed" : "Available") : engine.unavailableReason || "Not configured on this server"),
        ),
      ),
    ),
  );

  // How long the interviewer waits through pauses before it replies.
  const patience = h(
    "fieldset",
    { class: "choices" },
    h("legend", {}, "Interviewer patience"),
    PATIENCE_CHOICES.map((choice) =>
      h(
        "label",
        { class: "choice" },
        h("input", { type: "radio", name: "patience", value: choice.patience, checked: choice.patience === Patience.NORMAL }),
        h("span", { class: "choice-text" }, h("span", { class: "choice-title" }, choice.name), h("span", { class: "choice-hint" }, choice.hint)),
      ),
    ),
  );

  // Voice with a short preview.
  const voice = h(
    "select",
    { id: "voice", name: "voice" },
    options.voices.map((v) => h("option", { value: v.id, selected: v.id === options.defaultVoice }, v.displayName || v.id)),
  );
  const previewStatus = h("span", { class: "inline-status", role: "status" });
  const previewButton = h("button", { type: "button", class: "button secondary" }, "Preview voice");
  previewButton.addEventListener("click", async () => {
    playbackContext();
    previewButton.disabled = true;
    previewStatus.textContent = "Preparing a sample…";
    try {
      const preview = await client.previewVoice({ voice: voice.value });
      onPreview(await playWav(preview.wav));
      previewStatus.textContent = preview.text ? `“${preview.text}”` : "";
    } catch (e) {
      previewStatus.textContent = `Preview failed: ${describeError(e)}`;
    } finally {
      previewButton.disabled = false;
    }
  });
  const spoken = h("input", { id: "spoken", type: "checkbox", checked: true });
  // Off by default: the realistic interview keeps all feedback for the report.
  const practice = h("input", { id: "practice", type: "checkbox" });

  const limits = options.documentLimits;
  const jobDescription = new DocumentField("job-description", "Job description", "Paste the job posting to tailor the questions and check keyword coverage.", limits);
  const resume = new DocumentField("resume", "Résumé", "Paste or upload your résumé so questions can refer to your experience.", limits);

  const start = h("button", { type: "submit", class: "button primary large" }, "Start interview");
  const formElement = h(
    "form",
    { class: "setup-form", novalidate: true },
    h(
      "div",
      { class: "card" },
      h("h2", {}, "Interview"),
      h("div", { class: "grid-2" }, field("role", "Role", role), field("interview-type", "Interview type", type)),
      h("div", { class: "grid-2" }, difficulty, field("question-count", "Number of questions", questionCount, "1 to 20; follow-ups come on top.")),
      coding.element,
      engines,
      patience,
      h(
        "label",
        { class: "check" },
        practice,
        h("span", {}, "Practice mode: feedback after each question, with the choice to try it again before moving on"),
      ),
    ),
    h(
      "div",
      { class: "card" },
      h("h2", {}, "Interviewer voice"),
      h("div", { class: "row wrap voice-row" }, field("voice", "Voice", voice), previewButton),
      previewStatus,
      h("label", { class: "check" }, spoken, h("span", {}, "Speak the questions aloud (otherwise they are only shown)")),
    ),
    h("div", { class: "card" }, h("h2", {}, "Tailor it ", h("span", { class: "optional" }, "optional")), jobDescription.element, resume.element),
    microphoneCheck.element,
    error,
    h("div", { class: "actions" }, start),
  );

  formElement.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.replaceChildren();
    const count = Number(questionCount.value);
    if (!role.value) {
      error.append(notice("error", "Choose a role."));
      role.focus();
      return;
    }
    if (!Number.isInteger(count) || count < 1 || count > 20) {
      error.append(notice("error", "The number of questions must be between 1 and 20."));
      questionCount.focus();
      return;
    }
    const codingProblem = coding.problem(count);
    if (codingProblem) {
      error.append(notice("error", codingProblem));
      return;
    }
    const documentProblem = jobDescription.problem() ?? resume.problem();
    if (documentProblem) {
      error.append(notice("error", documentProblem));
      return;
    }
    playbackContext(); // within the click, so the interviewer may speak later
    start.disabled = true;
    start.textContent = "Creating the interview…";
    try {
      const engine = formElement.querySelector<HTMLInputElement>("input[name=engine]:checked");
      const chosenDifficulty = formElement.querySelector<HTMLInputElement>("input[name=difficulty]:checked");
      const chosenPatience = formElement.querySelector<HTMLInputElement>("input[name=patience]:checked");
      const { session } = await client.createSession({
        config: {
          role: role.value,
          interviewType: Number(type.value) as InterviewType,
          difficulty: Number(chosenDifficulty?.value ?? Difficulty.MEDIUM) as Difficulty,
          questionCount: count,
          voice: voice.value,
          engine: Number(engine?.value ?? InterviewerEngine.UNSPECIFIED) as InterviewerEngine,
          spoken: spoken.checked,
          practice: practice.checked,
          patience: Number(chosenPatience?.value ?? Patience.NORMAL) as Patience,
          codingLanguage: coding.language,
          codingQuestionCount: coding.problemCount,
          jobDescription: jobDescription.document(),
          resume: resume.document(),
        },
      });
      if (!session) {
        throw new Error("The server did not return the session.");
      }
      saveRoomPreferences(session.id, { autostart: true, typing: microphoneCheck.typing });
      location.hash = `#/session/${encodeURIComponent(session.id)}`;
    } catch (e) {
      error.append(notice("error", `The interview could not be created: ${describeError(e)}`));
      start.disabled = false;
      start.textContent = "Start interview";
    }
  });
  if (options.roles.length === 0) {
    error.append(notice("warning", "This server has no question banks yet, so no interview can start."));
    start.disabled = true;
  }
  return formElement;
}

/** The interview types to offer: the role's, and Coding when the server has a code runner. */
export function offeredTypes(roleTypes: readonly InterviewType[], codingAvailable: boolean): InterviewType[] {
  const types = roleTypes.filter((t) => t !== InterviewType.CODING);
  return codingAvailable ? [...types, InterviewType.CODING] : types;
}

/**
 * The coding round's choices, shown only when the server has a code runner: the language (for a Coding interview,
 * or a Technical one with coding problems), and for a Technical interview how many of its questions are coding
 * problems (asked after the spoken ones).
 */
class CodingChoice {
  readonly element: HTMLElement;
  private readonly languageSelect: HTMLSelectElement;
  private readonly countInput: HTMLInputElement;
  private readonly countField: HTMLElement;

  constructor(
    private readonly options: GetSetupOptionsResponse,
    private readonly type: HTMLSelectElement,
  ) {
    const languages = options.codingLanguages.length > 0 ? options.codingLanguages : [Language.PYTHON];
    this.languageSelect = h("select", { id: "coding-language", name: "coding-language" }, languages.map((l) => h("option", { value: l }, LANGUAGE_NAMES[l] ?? String(l))));
    this.countInput = h("input", { id: "coding-question-count", name: "coding-question-count", type: "number", min: 0, max: 20, value: 0, inputmode: "numeric" });
    this.countInput.addEventListener("input", () => this.update());
    this.countField = field("coding-question-count", "Coding problems", this.countInput, "Asked after the spoken questions, in an editor.");
    this.element = h("div", { class: "grid-2 coding-choice" }, field("coding-language", "Programming language", this.languageSelect), this.countField);
    this.update();
  }

  private get interviewType(): InterviewType {
    return Number(this.type.value) as InterviewType;
  }

  /** Shows what applies to the chosen interview type. */
  update(): void {
    const technical = this.interviewType === InterviewType.TECHNICAL;
    this.element.hidden = !this.options.codingAvailable || (this.interviewType !== InterviewType.CODING && !technical);
    this.countField.hidden = !technical;
    this.languageSelect.disabled = technical && Number(this.countInput.value) === 0;
  }

  get language(): Language {
    return this.element.hidden || this.languageSelect.disabled ? Language.UNSPECIFIED : (Number(this.languageSelect.value) as Language);
  }

  /** SessionConfig.coding_question_count. */
  get problemCount(): number {
    return this.options.codingAvailable && this.interviewType === InterviewType.TECHNICAL ? Number(this.countInput.value) : 0;
  }

  problem(questions: number): string | undefined {
    const count = this.problemCount;
    if (!Number.isInteger(count) || count < 0 || count > questions) {
      this.countInput.focus();
      return `The number of coding problems must be between 0 and the number of questions (${questions}).`;
    }
    return undefined;
  }
}

function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  if (hint) {
    control.setAttribute("aria-describedby", `${id}-hint`);
  }
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hint ? h("span", { class: "hint", id: `${id}-hint` }, hint) : null);
}

/**
 * A text area that also takes an uploaded text or PDF file (a PDF is sent as is; the server extracts its text),
 * checked against the server's limits (from GetSetupOptions; without them the server's refusal says what is wrong).
 */
class DocumentField {
  readonly element: HTMLElement;
  private readonly text: HTMLTextAreaElement;
  private readonly attachment: HTMLElement;
  private readonly counter: HTMLElement;
  private pdf: { name: string; bytes: Uint8Array } | undefined;

  constructor(
    private readonly id: string,
    label: string,
    hint: string,
    private readonly limits: DocumentLimits | undefined,
  ) {
    this.text = h("textarea", { id, rows: 4, "aria-describedby": `${id}-hint ${id}-count` });
    this.counter = h("span", { class: "hint count", id: `${id}-count` });
    this.attachment = h("div", { class: "attachment", "aria-live": "polite" });
    const file = h("input", { type: "file", id: `${id}-file`, accept: ".txt,.md,.pdf,text/plain,text/markdown,application/pdf", class: "visually-hidden" });
    file.addEventListener("change", () => {
      const chosen = file.files?.[0];
      file.value = "";
      if (chosen) {
        void this.load(chosen);
      }
    });
    this.text.addEventListener("input", () => this.count());
    this.element = h(
      "div",
      { class: "field document-field" },
      h("div", { class: "row space-between" }, h("label", { for: id }, label), h("label", { for: `${id}-file`, class: "button small secondary file-button" }, "Upload .txt or .pdf")),
      file,
      h("span", { class: "hint", id: `${id}-hint` }, hint),
      this.text,
      this.counter,
      this.attachment,
    );
    this.count();
  }

  private count(): void {
    const length = this.text.value.length;
    const max = this.limits?.maxTextCharacters;
    this.counter.textContent = length === 0 ? "" : max ? `${length.toLocaleString()} / ${max.toLocaleString()} characters` : `${length.toLocaleString()} characters`;
    this.counter.classList.toggle("over", this.tooLong());
  }

  private async load(file: File): Promise<void> {
    const isPdf = file.type === "application/pdf" || file.name.toLowerCase().endsWith(".pdf");
    if (isPdf) {
      const maxBytes = this.limits?.maxPdfBytes;
      if (maxBytes && file.size > maxBytes) {
        replace(this.attachment, notice("error", `${file.name} is ${(file.size / MIB).toFixed(1)} MiB; the limit is ${Number((maxBytes / MIB).toFixed(1))} MiB.`));
        return;
      }
      this.pdf = { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
      this.text.value = "";
      this.text.disabled = true;
      this.count();
      replace(
        this.attachment,
        h(
          "div",
          { class: "chip" },
          h("span", {}, `${file.name} · ${Math.ceil(file.size / 1024)} KB — its text is read on the server`),
          h("button", { type: "button", class: "button small", "aria-label": `Remove ${file.name}`, onclick: () => this.clearPdf() }, "Remove"),
        ),
      );
    } else {
      this.clearPdf();
      this.text.value = await file.text();
      this.count();
    }
  }

  private clearPdf(): void {
    this.pdf = undefined;
    this.text.disabled = false;
    this.attachment.replaceChildren();
    this.text.focus();
  }

  problem(): string | undefined {
    return this.tooLong() ? `The ${this.id.replace("-", " ")} is longer than ${this.limits!.maxTextCharacters.toLocaleString()} characters.` : undefined;
  }

  private tooLong(): boolean {
    const max = this.limits?.maxTextCharacters;
    return max !== undefined && max > 0 && this.text.value.length > max;
  }

  document(): Document | undefined {
    if (this.pdf) {
      return create(DocumentSchema, { content: { case: "pdf", value: this.pdf.bytes } });
    }
    const text = this.text.value.trim();
    return text ? create(DocumentSchema, { content: { case: "text", value: text } }) : undefined;
  }
}

/** The microphone check: a live level meter, and a plain way out (typing) when there is no usable microphone. */
class MicrophoneCheck {
  readonly element: HTMLElement;
  typing = false;
  private readonly meter = new LevelMeter("Microphone level");
  private readonly status: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly typingBox: HTMLInputElement;
  private readonly microphone: Microphone;
  private heard = false;

  constructor() {
    this.status = h("p", { class: "inline-status", role: "status" }, "Check that the interviewer will hear you.");
    this.button = h("button", { type: "button", class: "button secondary", id: "mic-check" }, "Check microphone");
    this.typingBox = h("input", { type: "checkbox", id: "answer-typing" });
    this.typingBox.addEventListener("change", () => (this.typing = this.typingBox.checked));
    this.microphone = new Microphone({
      level: (rms, peak) => {
        this.meter.set(rms);
        if (!this.heard && peak > 0.05) {
          this.heard = true;
          this.status.textContent = `We can hear you${this.microphone.deviceLabel ? ` on ${this.microphone.deviceLabel}` : ""}.`;
        }
      },
    });
    this.button.addEventListener("click", () => void this.toggle());
    this.element = h(
      "div",
      { class: "card" },
      h("h2", {}, "Microphone"),
      h("div", { class: "row wrap" }, this.button, this.meter.element),
      this.status,
      h("label", { class: "check" }, this.typingBox, h("span", {}, "Answer by typing instead of speaking")),
    );
  }

  private async toggle(): Promise<void> {
    if (this.microphone.isOpen) {
      await this.microphone.close();
      this.button.textContent = "Check microphone";
      this.status.textContent = "Microphone check stopped.";
      return;
    }
    this.button.disabled = true;
    this.status.textContent = "Asking for the microphone…";
    try {
      await this.microphone.open();
      this.heard = false;
      this.button.textContent = "Stop check";
      this.status.textContent = "Say something: the bar should move as you speak.";
    } catch (error) {
      const message = error instanceof MicrophoneError ? error.message : String(error);
      this.status.replaceChildren(notice("error", message, { label: "Answer by typing", run: () => this.chooseTyping() }));
    } finally {
      this.button.disabled = false;
    }
  }

  private chooseTyping(): void {
    this.typing = true;
    this.typingBox.checked = true;
    this.status.textContent = "You will answer by typing. You can still try the microphone again.";
    this.typingBox.focus();
  }

  dispose(): Promise<void> {
    return this.microphone.dispose();
  }
}
