// What a first-time user meets in the room, in a real browser against the running services: skipping the
// greeting, answering by typing with the shortcut keys around the text box, the transcript following the newest
// entry, the end of the interview; and the room on a phone, with the answer captioned under the question.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  answerRecording,
  assertNoHorizontalOverflow,
  keepFailureScreenshot,
  launchBrowser,
  newApiKey,
  openPage,
  screenshot,
  serviceClient,
  serviceUrl,
  setUp,
  waitForRoomData,
  waitForState,
} from "../../.build/browser/support.mjs";

const ANSWER = "Workers take jobs from a durable queue, acknowledge each one when it is done, and retry failures with backoff.";
/** Questions asked; follow-ups may come on top. */
const QUESTIONS = 2;
const MAX_ANSWERS = 8;

const focused = (page) => page.evaluate(() => document.activeElement?.tagName ?? "");
const logPosition = (page) =>
  page.evaluate(() => {
    const log = document.querySelector(".conversation");
    return { fromBottom: log.scrollHeight - log.scrollTop - log.clientHeight, top: log.scrollTop, overflows: log.scrollHeight > log.clientHeight };
  });

test("typed answers: the greeting is skipped, shortcut keys never type into the box, the transcript follows, the end reads 100 %", { timeout: 5 * 60_000 }, async (t) => {
  const url = serviceUrl();
  const browser = await launchBrowser("denied");
  t.after(() => browser.close());
  // 640 px high: the transcript box (60 % of it) overflows within two answers.
  const { page, errors } = await openPage(browser, `${url}/`, newApiKey(), { height: 640 });
  await keepFailureScreenshot(t, page, "failure-typed-room", async () => {
    await setUp(page, QUESTIONS);
    await page.getByLabel("Answer by typing instead of speaking").check();
    await page.getByRole("button", { name: "Start interview" }).click();
    await page.waitForURL(/#\/session\//);

    // The greeting: one sentence, and Skip (S) goes straight to the first question.
    await page.waitForFunction(() => document.querySelector(".question-kind")?.textContent === "Welcome", null, { timeout: 60_000 });
    const greeting = await page.locator(".question-text").innerText();
    assert.equal(greeting.split(/[.!?](\s|$)/).filter((part) => part.trim()).length, 1, `the greeting is one sentence: “${greeting}”`);
    assert.equal(await page.getByRole("button", { name: "Skip intro" }).count(), 1, "Skip says it skips the greeting");
    assert.doesNotMatch(await page.locator(".indicator-hint").innerText(), /Speak to interrupt/);
    const skippedAt = Date.now();
    await page.keyboard.press("s");
    await page.waitForFunction(() => document.querySelector(".question-kind")?.textContent?.startsWith("Question 1"), null, { timeout: 10_000 });
    const waited = Date.now() - skippedAt;
    t.diagnostic(`the first question came ${waited} ms after skipping the greeting`);
    assert.ok(waited < 5_000, `the first question came ${waited} ms after skipping the greeting`);
    assert.equal(await page.locator(".entry.interviewer.interrupted").count(), 1, "the greeting is marked as cut short");

    let answered = 0;
    for (; answered < MAX_ANSWERS; answered++) {
      const state = await waitForState(page, ["listening", "finished"], 60_000);
      if (state === "finished") {
        break;
      }
      if (answered === 0) {
        // Nothing else had the focus: the box takes it for the first answer.
        assert.equal(await focused(page), "TEXTAREA", "the typed box has the focus for the first answer");
      } else {
        // After sending, the focus left the box: T brings it back without typing a "t".
        assert.notEqual(await focused(page), "TEXTAREA", "the focus stays out of the box after sending");
        await page.keyboard.press("t");
        assert.equal(await focused(page), "TEXTAREA");
        assert.equal(await page.locator("#typed-answer").inputValue(), "", "the shortcut key did not type into the box");
      }
      // In the box, shortcut letters are text: no end-of-interview question, no skipped answer.
      await page.keyboard.type(`${ANSWER} Ends, skips, pauses.`);
      assert.equal(await page.getByRole("dialog").count(), 0);
      assert.equal(await page.locator("#typed-answer").inputValue(), `${ANSWER} Ends, skips, pauses.`);
      if (answered === 1) {
        // The reader scrolls the transcript up: new entries no longer move it, and "Jump to latest" appears.
        const before = await logPosition(page);
        assert.ok(before.overflows, "the transcript overflows its box by the second answer");
        assert.ok(before.fromBottom < 80, `the newest entry is in view (${before.fromBottom} px from the bottom)`);
        await page.locator(".conversation").evaluate((log) => log.scrollTo({ top: 0 }));
        await page.keyboard.press("Control+Enter");
        await page.waitForFunction((n) => document.querySelectorAll(".entry.candidate.complete").length > n, answered, { timeout: 60_000 });
        await page.getByRole("button", { name: "Jump to latest" }).waitFor({ timeout: 10_000 });
        assert.equal((await logPosition(page)).top, 0, "the transcript stays where the reader scrolled to");
        await page.getByRole("button", { name: "Jump to latest" }).click();
        assert.ok((await logPosition(page)).fromBottom < 80, "Jump to latest shows the newest entry");
        assert.ok(await page.getByRole("button", { name: "Jump to latest" }).isHidden());
      } else {
        await page.keyboard.press("Control+Enter");
        await page.waitForFunction((n) => document.querySelectorAll(".entry.candidate.complete").length > n, answered, { timeout: 60_000 });
      }
      assert.notEqual(await focused(page), "TEXTAREA", "sending moves the focus out of the box");
      // A shortcut right after sending works and leaves nothing in the box: E asks to end, Escape keeps going.
      await page.keyboard.press("e");
      await page.getByRole("dialog").waitFor();
      await page.keyboard.press("Escape");
      assert.equal(await page.locator("#typed-answer").inputValue(), "", "no letter leaked into the box");
      const hint = await page.locator(".indicator-hint").innerText();
      assert.doesNotMatch(hint, /Speak to interrupt/, "typed mode is not told to speak");
    }
    assert.ok(answered >= QUESTIONS, `answered ${answered} times`);

    // Finished: the progress bar is full, and nothing is left to type or press.
    await waitForState(page, ["finished"], 60_000);
    const progress = await page.evaluate(() => ({ position: document.querySelector("progress").position, text: document.querySelector(".progress-text").textContent }));
    assert.deepEqual(progress, { position: 1, text: `All ${QUESTIONS} questions done` });
    assert.ok(await page.locator(".typed-box").isHidden(), "the typed box is gone once the interview is over");
    assert.ok(await page.locator(".shortcut-legend").isHidden(), "the shortcut legend is gone once the interview is over");
    assert.ok((await logPosition(page)).fromBottom < 80, "the closing words are in view in the transcript");
    await screenshot(page, "room-finished", { docs: false });
  });
  assert.deepEqual(errors, [], "no uncaught errors on the page");
});

test("on a phone (390 px, touch, dark): no shortcut legend, the answer is captioned under the question", { timeout: 5 * 60_000 }, async (t) => {
  const url = serviceUrl();
  const apiKey = newApiKey();
  const recording = await answerRecording(serviceClient(url, apiKey));
  const browser = await launchBrowser({ captureFile: recording.captureFile });
  t.after(() => browser.close());
  const { page, errors } = await openPage(browser, `${url}/`, apiKey, { width: 390, height: 844, colorScheme: "dark", touch: true });
  await keepFailureScreenshot(t, page, "failure-phone-room", async () => {
    await setUp(page, 1, { start: true });
    await page.getByRole("button", { name: "Skip intro" }).click();
    await waitForRoomData(page, "mic", "open", 60_000);
    assert.ok(await page.locator(".shortcut-legend").isHidden(), "a touch screen shows no keyboard shortcuts");
    const caption = page.locator(".stage .live-caption");
    await caption.waitFor({ state: "visible", timeout: 30_000 });
    const box = await caption.boundingBox();
    assert.ok(box && box.y + box.height <= 844, `the caption is on the screen (its bottom at ${box && box.y + box.height} px)`);
    await screenshot(page, "room-phone");
    await assertNoHorizontalOverflow(page, "the interview room");
    // Typing on a phone: the open box comes right under the question, so both stay above the on-screen keyboard.
    await page.locator(".typed-box summary").click();
    const stage = await page.locator(".stage").boundingBox();
    const typed = await page.locator(".typed-box").boundingBox();
    assert.ok(stage && typed && typed.y >= stage.y + stage.height && typed.y - (stage.y + stage.height) <= 24, `the typed box (top ${typed?.y}) follows the question (bottom ${stage && stage.y + stage.height})`);
    // The caption goes once the answer is recorded; the transcript has it.
    await page.locator(".entry.candidate.complete").waitFor({ timeout: (recording.seconds + 30) * 1000 });
    await caption.waitFor({ state: "hidden", timeout: 10_000 });
  });
  assert.deepEqual(errors, [], "no uncaught errors on the page");
});
