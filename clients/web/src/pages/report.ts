import { durationMs, timestampDate, type Duration } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, describeError, interviewClient } from "../api/client.js";
import { ExportFormat, TurnKind, type AnswerScores, type Report, type SpeechAnalytics, type TurnFeedback } from "../gen/rehearse/interview/v1/interview_pb.js";
import { codingBlock } from "./report-coding.js";
import { attemptColumns, questionCards, type QuestionCard } from "./report-questions.js";
import { saveRoomPreferences } from "../session/preferences.js";
import { recordingOf } from "../session/answer-recordings.js";
import { answerReplay } from "../ui/answer-replay.js";
import { barChart, columnChart, formatNumber, scoreBand, scoreRing } from "../ui/charts.js";
import { confirmDialog } from "../ui/confirm.js";
import { download, h, notice, replace } from "../ui/dom.js";
import { ENGINE_NAMES, formatDate } from "../ui/labels.js";
import type { Page } from "./page.js";

export function reportPage(sessionId: string): Page {
  const client = interviewClient();
  const body = h("div", { class: "stack" }, h("p", { class: "muted", role: "status" }, "Loading the report…"));
  const title = h("h1", { id: "report-title" }, "Interview report");
  const element = h("section", { class: "page report", "aria-labelledby": "report-title" }, title, body);
  let disposed = false;

  const load = async (attempt = 0): Promise<void> => {
    try {
      const [{ report }, { session }] = await Promise.all([client.getReport({ sessionId }), client.getSession({ sessionId })]);
      if (disposed || !report) {
        return;
      }
      title.textContent = session?.title ? `Report · ${session.title}` : "Interview report";
      replace(body, renderReport(sessionId, report));
      element.dataset.loaded = "true";
    } catch (error) {
      const code = ConnectError.from(error).code;
      if (code === Code.FailedPrecondition && attempt < 30 && !disposed) {
        // Still being written: the interview has just ended.
        replace(body, h("p", { class: "muted", role: "status" }, "The report is being written…"));
        setTimeout(() => void load(attempt + 1), 2_000);
        return;
      }
      const message = code === Code.NotFound ? "This report does not exist, or belongs to another browser." : describeError(error);
      replace(body, notice("error", `The report could not be loaded: ${message}`, { label: "Try again", run: () => void load() }));
    }
  };
  void load();
  return { element, title: "Report", dispose: () => (disposed = true) };
}

function renderReport(sessionId: string, report: Report): HTMLElement {
  const scores = report.scores;
  const overall = scores?.overall ?? 0;
  return h(
    "div",
    { class: "stack" },
    h(
      "div",
      { class: "card report-summary" },
      scoreRing(overall, "Overall"),
      h(
        "div",
        { class: "summary-text" },
        h("p", { class: "muted" }, [formatDate(report.createTime ? timestampDate(report.createTime) : undefined), ENGINE_NAMES[report.engine]].filter(Boolean).join(" · ")),
        h("p", { class: "summary" }, report.summary),
        exportButtons(sessionId),
      ),
    ),
    h("div", { class: "grid-2" }, h("div", { class: "card" }, categoryChart(scores)), analyticsCard(report.analytics)),
    h(
      "div",
      { class: "grid-2" },
      listCard("What went well", report.strengths, "strengths"),
      listCard("What to work on", report.improvements, "improvements"),
    ),
    report.turns.some((t) => (t.turn?.analytics?.wordCount ?? 0) > 0) ? perAnswerCharts(report.turns) : null,
    report.keywordCoverage ? keywordCard(report) : null,
    h(
      "section",
      { class: "stack", "aria-labelledby": "answers-title" },
      h("h2", { id: "answers-title" }, "Question by question"),
      h("p", { class: "muted audio-privacy" }, audioPrivacy(report)),
      questionCards(report).map((card, i) => questionCard(sessionId, card, i)),
    ),
    report.scoringMethod ? h("details", { class: "card scoring-method" }, h("summary", {}, "How the scores are made"), h("p", {}, report.scoringMethod)) : null,
    report.notes.length > 0 ? h("div", { class: "card notes" }, h("h2", {}, "Notes"), h("ul", {}, report.notes.map((note) => h("li", {}, note)))) : null,
  );
}

function categoryChart(scores: AnswerScores | undefined): HTMLElement {
  const rows = [
    ["Technical depth", scores?.technicalDepth],
    ["Communication", scores?.communication],
    ["Problem solving", scores?.problemSolving],
  ] as const;
  return barChart(
    "Scores by category",
    rows.map(([label, dimension]) => ({ label, value: dimension?.score ?? 0, note: dimension?.reason })),
    100,
    { scores: true },
  );
}

function seconds(duration: Duration | undefined): number {
  return duration ? durationMs(duration) / 1000 : 0;
}

function analyticsCard(analytics: SpeechAnalytics | undefined): HTMLElement {
  if (!analytics || analytics.wordCount === 0) {
    return h("div", { class: "card" }, h("h2", { class: "chart-title" }, "Speech"), h("p", { class: "muted" }, "No spoken answers to analyse."));
  }
  const stat = (label: string, value: string, hint: string) => h("div", { class: "stat" }, h("span", { class: "stat-value" }, value), h("span", { class: "stat-label" }, label), h("span", { class: "hint" }, hint));
  const fillers = [...analytics.fillers].sort((a, b) => b.count - a.count).slice(0, 6);
  return h(
    "div",
    { class: "card" },
    h("h2", { class: "chart-title" }, "Speech"),
    h(
      "div",
      { class: "stats" },
      stat("words per minute", formatNumber(Math.round(analytics.wordsPerMinute)), "120–160 is easy to follow"),
      stat("fillers per 100 words", formatNumber(analytics.fillersPer100Words), "under 3 sounds confident"),
      stat("long pauses", String(analytics.longPauseCount), `longest ${formatNumber(seconds(analytics.longestPause))} s`),
      stat("speaking time", `${Math.round(seconds(analytics.speakingDuration))} s`, `${analytics.wordCount} words`),
    ),
    fillers.length > 0
      ? barChart("Fillers heard", fillers.map((f) => ({ label: f.filler, value: f.count })), Math.max(...fillers.map((f) => f.count)))
      : h("p", { class: "muted" }, "No fillers heard."),
  );
}

function perAnswerCharts(turns: readonly TurnFeedback[]): HTMLElement {
  const label = (i: number) => `A${i + 1}`;
  const pace = turns.map((feedback, i) => ({ label: label(i), values: [Math.round(feedback.turn?.analytics?.wordsPerMinute ?? 0)] }));
  const fillers = turns.map((feedback, i) => ({ label: label(i), values: [feedback.turn?.analytics?.fillersPer100Words ?? 0] }));
  return h(
    "div",
    { class: "grid-2" },
    h("div", { class: "card" }, columnChart("Pace per answer", ["Pace"], pace, ["words per minute"], 1)),
    h("div", { class: "card" }, columnChart("Fillers per answer", ["Fillers"], fillers, ["per 100 words"], 2)),
  );
}

function listCard(title: string, items: readonly string[], kind: string): HTMLElement {
  return h("div", { class: `card list-card ${kind}` }, h("h2", {}, title), items.length > 0 ? h("ul", {}, items.map((item) => h("li", {}, item))) : h("p", { class: "muted" }, "Nothing noted."));
}

function keywordCard(report: Report): HTMLElement {
  const coverage = report.keywordCoverage!;
  return h(
    "div",
    { class: "card" },
    h("h2", {}, `Job description keywords · ${Math.round(coverage.ratio * 100)}% used`),
    h("div", { class: "chips" }, coverage.covered.map((k) => h("span", { class: "chip covered" }, "✓ ", k)), coverage.missing.map((k) => h("span", { class: "chip missing" }, k))),
  );
}

function dimensionBars(scores: AnswerScores): HTMLElement {
  return barChart("Scores", [
    { label: "Technical depth", value: scores.technicalDepth?.score ?? 0, note: scores.technicalDepth?.reason },
    { label: "Communication", value: scores.communication?.score ?? 0, note: scores.communication?.reason },
    { label: "Problem solving", value: scores.problemSolving?.score ?? 0, note: scores.problemSolving?.reason },
  ], 100, { scores: true });
}

function questionCard(sessionId: string, card: QuestionCard, i: number): HTMLElement {
  const overall = card.scores?.overall ?? 0;
  const example = card.turns.map((t) => t.exampleAnswer).find((e) => e.length > 0);
  return h(
    "details",
    { class: "card turn-card", open: i === 0 },
    h(
      "summary",
      {},
      h("span", { class: `score-badge band-${scoreBand(overall)}`, "aria-label": `Question score ${overall} out of 100` }, String(overall)),
      h("span", { class: "turn-question" }, `${card.questionIndex + 1}. `, card.question, card.possiblyOffTopic ? [" ", h("span", { class: "chip off-topic" }, "possibly off-topic")] : null),
    ),
    h(
      "div",
      { class: "turn-body" },
      card.scores ? dimensionBars(card.scores) : null,
      card.explanation ? h("p", { class: "muted score-rule" }, card.explanation) : null,
      card.attempts.length > 1 ? attemptsSideBySide(sessionId, card) : card.turns.map((turn) => answerBlock(turn, sessionId)),
      practiseAgainButton(sessionId, card.questionIndex),
      example ? h("div", {}, h("h3", {}, "A stronger answer"), h("p", { class: "example" }, example)) : null,
    ),
  );
}

// The attempts at a question in columns, each with its score and its change from the attempt before.
function attemptsSideBySide(sessionId: string, card: QuestionCard): HTMLElement {
  return h(
    "div",
    { class: "attempts", "aria-label": "Attempts" },
    attemptColumns(card).map((column) =>
      h(
        "div",
        { class: "attempt", "data-attempt": column.attempt },
        h(
          "h3",
          {},
          `Attempt ${column.attempt} · `,
          h("span", { class: `score-badge band-${scoreBand(column.overall)}` }, String(column.overall)),
          column.change === undefined ? null : h("span", { class: "chip attempt-change" }, `${column.change > 0 ? "+" : column.change < 0 ? "−" : "±"}${Math.abs(column.change)}`),
        ),
        column.turns.map((turn) => answerBlock(turn, sessionId)),
      ),
    ),
  );
}

// Starts a practice session on this one question, set up as this interview was.
function practiseAgainButton(sessionId: string, questionIndex: number): HTMLElement {
  const status = h("span", { class: "inline-status", role: "status" });
  const button = h("button", { type: "button", class: "button secondary" }, "Practise this question again");
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = "Starting a practice session…";
    try {
      const { session } = await interviewClient().createSession({ redoQuestion: { sessionId, questionIndex } });
      if (!session) {
        throw new Error("The server did not return the session.");
      }
      saveRoomPreferences(session.id, { autostart: true, typing: false });
      location.hash = `#/session/${encodeURIComponent(session.id)}`;
    } catch (error) {
      status.textContent = `The practice session could not start: ${describeError(error)}`;
      button.disabled = false;
    }
  });
  return h("div", { class: "row wrap practise-again" }, button, status);
}

function replayOf(sessionId: string, turnIndex: number): HTMLElement | null {
  const recording = recordingOf(sessionId, turnIndex);
  return recording ? answerReplay(recording) : null;
}

// Where answer audio lives, so the candidate knows what a replay plays from and what the server keeps.
function audioPrivacy(report: Report): string {
  const browser = "Replays play your own answers from this browser's memory: they stay for this visit only and are gone when you reload or close the page, or delete the interview.";
  return report.answerAudioRetained
    ? `${browser} This server also keeps spoken answers' audio for a limited time (its operator turned retention on); deleting the interview deletes it.`
    : `${browser} This server does not keep your answer audio, only the transcripts.`;
}

function answerBlock(feedback: TurnFeedback, sessionId: string): HTMLElement {
  const turn = feedback.turn;
  const star = feedback.star;
  const followUp = turn?.kind === TurnKind.FOLLOW_UP;
  return h(
    "div",
    { class: followUp ? "answer follow-up" : "answer" },
    followUp ? h("h3", {}, "Follow-up: ", turn?.question ?? "") : null,
    feedback.coding ? codingBlock(feedback.coding) : null,
    h("h3", {}, turn?.typed ? "Your answer (typed)" : "Your answer"),
    h("blockquote", { class: "transcript" }, turn?.skipped ? h("em", {}, "Skipped") : turn?.answer || h("em", {}, "No answer")),
    turn && !turn.typed && !turn.skipped ? replayOf(sessionId, turn.index) : null,
    feedback.relevance?.possiblyOffTopic ? h("p", { class: "relevance" }, feedback.relevance.reason) : null,
    star
      ? h("p", { class: "star" }, "STAR: ", (["situation", "task", "action", "result"] as const).map((part) => h("span", { class: `chip ${star[part] ? "covered" : "missing"}` }, star[part] ? "✓ " : "✗ ", part)))
      : null,
    pointList("Covered", feedback.coveredPoints, "covered"),
    pointList("Mentioned, not explained", feedback.mentionedPoints, "mentioned"),
    pointList("Missed", feedback.missedPoints, "missing"),
    pointList("Strengths", feedback.strengths, ""),
    pointList("To improve", feedback.improvements, ""),
  );
}

function pointList(title: string, points: readonly string[], kind: string): HTMLElement | null {
  if (points.length === 0) {
    return null;
  }
  return h("div", {}, h("h3", {}, title), h("ul", { class: kind ? `points ${kind}` : "points" }, points.map((p) => h("li", {}, p))));
}

/** Downloads of the report (Markdown, PDF) and of the transcript (plain text), and deleting the interview. */
function exportButtons(sessionId: string): HTMLElement {
  const status = h("span", { class: "inline-status", role: "status" });
  const client = interviewClient();
  const button = (label: string, fallbackName: string, fetchDocument: () => Promise<{ content: Uint8Array; fileName: string; contentType: string }>) => {
    const element = h("button", { type: "button", class: "button secondary" }, label);
    element.addEventListener("click", async () => {
      element.disabled = true;
      status.textContent = "Preparing the file…";
      try {
        const document = await fetchDocument();
        download(document.content, document.fileName || fallbackName, document.contentType);
        status.textContent = `Saved ${document.fileName || fallbackName}.`;
      } catch (error) {
        status.textContent = `Download failed: ${describeError(error)}`;
      } finally {
        element.disabled = false;
      }
    });
    return element;
  };
  const remove = h("button", { type: "button", class: "button danger" }, "Delete interview");
  remove.addEventListener("click", async () => {
    if (await deleteInterview(sessionId, (message) => (status.textContent = message))) {
      location.hash = "#/history";
    }
  });
  return h(
    "div",
    { class: "row wrap" },
    button("Download Markdown", "rehearse-report.md", () => client.exportReport({ sessionId, format: ExportFormat.MARKDOWN })),
    button("Download PDF", "rehearse-report.pdf", () => client.exportReport({ sessionId, format: ExportFormat.PDF })),
    button("Download transcript", "rehearse-transcript.txt", () => client.exportTranscript({ sessionId, format: ExportFormat.TEXT })),
    remove,
    status,
  );
}

/**
 * Deletes an interview with everything kept of it (answers, recordings, report) once the candidate confirms;
 * true when it is gone. A failure is told through failed.
 */
export async function deleteInterview(sessionId: string, failed: (message: string) => void): Promise<boolean> {
  const confirmed = await confirmDialog({
    title: "Delete this interview?",
    message: "Its answers, recordings and report are deleted from the server. This cannot be undone.",
    confirm: "Delete interview",
    cancel: "Keep it",
  });
  if (!confirmed) {
    return false;
  }
  try {
    await interviewClient().deleteSession({ sessionId });
    return true;
  } catch (error) {
    failed(`Nothing was deleted: ${describeError(error)}`);
    return false;
  }
}
