import { timestampDate } from "@bufbuild/protobuf/wkt";
import { describeError, interviewClient } from "../api/client.js";
import { SessionState, type Session } from "../gen/rehearse/interview/v1/interview_pb.js";
import { scoreBand, trendChart } from "../ui/charts.js";
import { h, notice, replace } from "../ui/dom.js";
import { formatDate, SESSION_STATE_NAMES } from "../ui/labels.js";
import type { Page } from "./page.js";
import { deleteInterview } from "./report.js";

export function historyPage(): Page {
  const client = interviewClient();
  const sessions: Session[] = [];
  const chart = h("div", { class: "card" });
  const list = h("ul", { class: "history-list", role: "list" });
  const more = h("button", { type: "button", class: "button secondary", hidden: true }, "Show older interviews");
  const status = h("div", { role: "status" }, h("p", { class: "muted" }, "Loading your interviews…"));
  const element = h(
    "section",
    { class: "page history", "aria-labelledby": "history-title" },
    h("div", { class: "row space-between wrap" }, h("h1", { id: "history-title" }, "Your interviews"), h("a", { class: "button primary", href: "#/" }, "New interview")),
    status,
    chart,
    list,
    more,
  );
  chart.hidden = true;
  let pageToken = "";

  const load = async () => {
    more.disabled = true;
    try {
      const page = await client.listSessions({ pageSize: 20, pageToken });
      sessions.push(...page.sessions);
      pageToken = page.nextPageToken;
      more.hidden = !pageToken;
      status.replaceChildren();
      if (sessions.length === 0) {
        status.append(h("div", { class: "card empty" }, h("p", {}, "No interviews yet. Your finished interviews and their scores show up here."), h("a", { class: "button primary", href: "#/" }, "Start your first interview")));
      }
      render();
    } catch (error) {
      replace(status, notice("error", `Your interviews could not be loaded: ${describeError(error)}`, { label: "Try again", run: () => void load() }));
    } finally {
      more.disabled = false;
    }
  };

  const render = () => {
    const scored = sessions.filter((s) => s.state === SessionState.FINISHED && s.overallScore > 0).reverse();
    chart.hidden = scored.length === 0;
    if (scored.length > 0) {
      replace(
        chart,
        trendChart(
          "Overall score over time",
          scored.map((s) => ({ label: s.createTime ? timestampDate(s.createTime).toLocaleDateString(undefined, { month: "short", day: "numeric" }) : "", value: s.overallScore })),
        ),
      );
    }
    replace(list, sessions.map(item));
  };

  const item = (session: Session) => {
    const finished = session.state === SessionState.FINISHED;
    const href = finished ? `#/report/${encodeURIComponent(session.id)}` : `#/session/${encodeURIComponent(session.id)}`;
    return h(
      "li",
      { class: "history-item card" },
      finished && session.overallScore > 0
        ? h("span", { class: `score-badge band-${scoreBand(session.overallScore)}`, "aria-label": `Score ${session.overallScore} out of 100` }, String(session.overallScore))
        : h("span", { class: "score-badge none", "aria-hidden": "true" }, "–"),
      h(
        "div",
        { class: "history-text" },
        h("a", { href, class: "history-title" }, session.title || "Interview"),
        h("span", { class: "muted" }, `${formatDate(session.createTime ? timestampDate(session.createTime) : undefined)} · ${session.questionCount} questions · ${SESSION_STATE_NAMES[session.state] ?? ""}`),
      ),
      h("a", { href, class: "button small secondary" }, finished ? "Open report" : "Continue"),
      deleteButton(session),
    );
  };

  const deleteButton = (session: Session) => {
    const button = h("button", { type: "button", class: "button small danger", "aria-label": `Delete ${session.title || "interview"}` }, "Delete");
    button.addEventListener("click", async () => {
      const deleted = await deleteInterview(session.id, (message) => replace(status, notice("error", message)));
      if (deleted) {
        sessions.splice(sessions.indexOf(session), 1);
        status.replaceChildren(h("p", { class: "muted" }, `Deleted ${session.title || "the interview"}.`));
        render();
      }
    });
    return button;
  };

  more.addEventListener("click", () => void load());
  void load();
  return { element, title: "History" };
}
