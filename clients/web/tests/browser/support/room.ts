// Steps and checks on the page shared by the browser tests: set-up, the interview room's state (read from its
// data attributes), the report, layout, and the gRPC-Web calls the page makes.
import assert from "node:assert/strict";
import type { TestContext } from "node:test";
import { fromBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import type { Page } from "playwright-core";
import { ControlRequestSchema, StreamEventsRequestSchema, type ControlAction } from "../../../src/gen/rehearse/interview/v1/interview_pb.js";
import type { InterviewClient } from "./index.js";
import { screenshot, sessionIdOf } from "./index.js";
import { wordErrorRate } from "./words.js";

/** Highest word error rate accepted between what a recording says and the transcript shown for it. */
export const MAX_WORD_ERROR_RATE = 0.35;

/** Fails when the shown text is not what was said (word error rate above MAX_WORD_ERROR_RATE). */
export function assertSays(said: string, shown: string, what: string): void {
  const wer = wordErrorRate(said, shown);
  assert.ok(wer <= MAX_WORD_ERROR_RATE, `${what} “${shown}” differs from “${said}” (word error rate ${wer.toFixed(2)})`);
}

/** The room's state indicator: ready, speaking, listening, recording, processing, paused or finished. */
export function roomState(page: Page): Promise<string> {
  return page.evaluate(() => document.querySelector<HTMLElement>("section.room")?.dataset.state ?? "");
}

export async function waitForState(page: Page, states: string[], timeout: number): Promise<string> {
  await page.waitForFunction((wanted) => wanted.includes(document.querySelector<HTMLElement>("section.room")?.dataset.state ?? ""), states, { timeout });
  return roomState(page);
}

/** Waits until the interviewer waits for answer number n + 1 (n answers completed so far), or the interview is over. */
export async function waitForQuestion(page: Page, answered: number, timeout: number): Promise<string> {
  await page.waitForFunction(
    (n) => {
      const state = document.querySelector<HTMLElement>("section.room")?.dataset.state;
      return state === "finished" || (state === "listening" && document.querySelectorAll(".entry.candidate.complete").length === n);
    },
    answered,
    { timeout },
  );
  return roomState(page);
}

/** Waits for one of the room's data attributes (playback: idle/playing, mic: open/closed) to have a value. */
export async function waitForRoomData(page: Page, name: string, value: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction(([n, v]) => document.querySelector<HTMLElement>("section.room")?.dataset[n!] === v, [name, value], { timeout });
}

/** Waits until n answers are complete in the transcript and returns their texts. */
export async function waitForAnswers(page: Page, n: number, timeout: number): Promise<string[]> {
  await page.waitForFunction((count) => document.querySelectorAll(".entry.candidate.complete").length >= count, n, { timeout });
  return page.locator(".entry.candidate.complete .answer-text").allInnerTexts();
}

/** Runs the steps; when one fails, keeps a screenshot of the page as it was. */
export async function keepFailureScreenshot(t: TestContext, page: Page, name: string, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    await screenshot(page, name, { fullPage: true, docs: false }).catch(() => undefined);
    t.diagnostic(`page at the failure: ${name}.png in the test artefacts`);
    throw error;
  }
}

/** Fills the set-up page's number of questions; with start, also starts the interview and waits for the room. */
export async function setUp(page: Page, questions: number, options: { start?: boolean } = {}): Promise<void> {
  await page.getByLabel("Role").waitFor();
  await page.getByLabel("Number of questions").fill(String(questions));
  if (options.start) {
    await page.getByRole("button", { name: "Start interview" }).click();
    await page.waitForURL(/#\/session\//);
  }
}

/** Asks to end the interview (E, then confirming) and waits for the report page. */
export async function endInterview(page: Page): Promise<void> {
  await page.keyboard.press("e");
  await page.getByRole("dialog").getByRole("button", { name: "End interview" }).click();
  await page.waitForURL(/#\/report\//, { timeout: 120_000 });
}

export interface ReportExpectations {
  /** At least this many answers. */
  readonly answers: number;
  /** Each must match one answer's transcript (word error rate at most MAX_WORD_ERROR_RATE). */
  readonly texts: readonly string[];
}

/** Waits for the report page and checks its scores and answers against the service's report; returns the session id. */
export async function checkReport(page: Page, client: InterviewClient, expectations: ReportExpectations): Promise<string> {
  await page.waitForURL(/#\/report\//, { timeout: 120_000 });
  await page.locator("section.report[data-loaded]").waitFor({ timeout: 60_000 });
  const overall = await page.locator(".score-ring").first().getAttribute("aria-label");
  assert.match(overall ?? "", /^Overall: \d{1,3} out of 100$/);
  const categories = await page.locator(".report-summary + .grid-2 > .card:first-child .bar-row .bar-label").allInnerTexts();
  assert.deepEqual(categories, ["Technical depth", "Communication", "Problem solving"]);
  const transcripts = (await page.locator(".turn-card .transcript").allTextContents()).map((text) => text.trim());
  assert.ok(transcripts.length >= expectations.answers, `the report shows ${transcripts.length} answers, expected ${expectations.answers}`);
  for (const expected of expectations.texts) {
    assert.ok(
      transcripts.some((text) => wordErrorRate(expected, text) <= MAX_WORD_ERROR_RATE),
      `no answer in the report matches “${expected}”: ${JSON.stringify(transcripts)}`,
    );
  }
  const sessionId = sessionIdOf(page);
  const { report } = await client.getReport({ sessionId });
  assert.equal(report?.turns.length, transcripts.length, "the page shows every answer of the report");
  assert.equal(overall, `Overall: ${report?.scores?.overall ?? 0} out of 100`);
  return sessionId;
}

/** Fails when the page is wider than its viewport (less any scroll bar): something overflows sideways. */
export async function assertNoHorizontalOverflow(page: Page, what: string): Promise<void> {
  const { scrollWidth, viewport } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
  }));
  assert.ok(scrollWidth <= viewport, `${what} is ${scrollWidth} px wide in a ${viewport} px wide viewport`);
}

/** True when the page is drawn dark (its background is dark), whatever asked for it. */
export function looksDark(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const [r = 255, g = 255, b = 255] = (getComputedStyle(document.body).backgroundColor.match(/\d+/g) ?? []).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 80;
  });
}

/** The room's session and answer clocks as shown. */
export function roomClocks(page: Page): Promise<{ session: string; answer: string }> {
  return page.evaluate(() => ({
    session: document.querySelector('[aria-label="Session time"]')?.textContent ?? "",
    answer: document.querySelector('[aria-label="Answer time"]')?.textContent ?? "",
  }));
}

/** The calls of interest the page has made so far, decoded, with when they were made (Date.now()). */
export interface RecordedCalls {
  /** after_sequence of every StreamEvents call, in order. */
  readonly streamEvents: bigint[];
  readonly controls: { action: ControlAction; at: number }[];
}

/** Records the page's StreamEvents and Control calls (gRPC-Web, binary) from now on. */
export function recordCalls(page: Page): RecordedCalls {
  const calls: RecordedCalls = { streamEvents: [], controls: [] };
  page.on("request", (request) => {
    const method = new URL(request.url()).pathname.split("/").pop();
    const body = request.postDataBuffer();
    if (method === "StreamEvents" && body) {
      calls.streamEvents.push(grpcWebMessage(StreamEventsRequestSchema, body).afterSequence);
    } else if (method === "Control" && body) {
      calls.controls.push({ action: grpcWebMessage(ControlRequestSchema, body).action, at: Date.now() });
    }
  });
  return calls;
}

/** A unary gRPC-Web request body is one frame: a flags byte, a 4-byte big-endian length, the message. */
function grpcWebMessage<Desc extends DescMessage>(schema: Desc, body: Buffer): MessageShape<Desc> {
  const length = body.readUInt32BE(1);
  return fromBinary(schema, body.subarray(5, 5 + length));
}
