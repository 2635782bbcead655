// End to end in a real browser: Debian Chromium driven by playwright-core against the running Interview service
// (REHEARSE_WEB_URL), with the Speech service and PostgreSQL behind it. The fake microphone plays a recording.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import {
  answerRecording,
  assertNoHorizontalOverflow,
  assertSays,
  checkReport,
  keepFailureScreenshot,
  launchBrowser,
  newApiKey,
  openPage,
  screenshot,
  serviceClient,
  serviceUrl,
  setUp,
  waitForAnswers,
  waitForQuestion,
  waitForRoomData,
  waitForState,
} from "../../.build/browser/support.mjs";

/** Questions asked; follow-ups may come on top, so answering loops until the interview finishes. */
const QUESTIONS = 2;
const MAX_ANSWERS = 8;

async function download(page, buttonName) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: buttonName }).click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

test("a two-question interview answered by voice: transcript, report, exports and history", { timeout: 8 * 60_000 }, async (t) => {
  const url = serviceUrl();
  const apiKey = newApiKey();
  const client = serviceClient(url, apiKey);
  const recording = await answerRecording(client);
  t.diagnostic(`answer recording: ${recording.source}, ${recording.seconds.toFixed(1)} s: “${recording.text}”`);
  const browser = await launchBrowser({ captureFile: recording.captureFile });
  t.after(() => browser.close());
  const { page, errors } = await openPage(browser, `${url}/`, apiKey);
  await keepFailureScreenshot(t, page, "failure-voice", async () => {
    // Set-up, with the microphone check: the meter must move, which also proves the fake microphone plays the file.
    await setUp(page, QUESTIONS);
    await page.getByRole("button", { name: "Check microphone" }).click();
    await page.waitForFunction(() => Number(document.querySelector(".level-meter")?.dataset.level ?? 0) >= 30, null, { timeout: 15_000 });
    await screenshot(page, "setup-microphone-check", { fullPage: true, docs: false });
    await page.getByRole("button", { name: "Stop check" }).click();
    await page.getByRole("button", { name: "Start interview" }).click();
    await page.waitForURL(/#\/session\//);

    const answers = [];
    for (let turn = 0; turn < MAX_ANSWERS; turn++) {
      if ((await waitForQuestion(page, turn, 120_000)) === "finished") {
        break;
      }
      await waitForRoomData(page, "playback", "idle");
      if (turn > 0) {
        // Reopening the microphone restarts the fake device's file: the same answer is spoken again.
        await page.keyboard.press("m");
        await waitForRoomData(page, "mic", "closed");
        await page.keyboard.press("m");
      }
      await waitForRoomData(page, "mic", "open");
      if (turn === 0) {
        await waitForState(page, ["recording"], 20_000);
        await page.locator(".entry.candidate .answer-text:not(:empty)").first().waitFor({ timeout: 20_000 });
        await screenshot(page, "room-recording");
      }
      answers.push((await waitForAnswers(page, turn + 1, (recording.seconds + 30) * 1000))[turn]);
    }
    t.diagnostic(`answers shown: ${JSON.stringify(answers)}`);
    assert.ok(answers.length >= QUESTIONS, `answered ${answers.length} times, expected at least ${QUESTIONS}`);
    for (const answer of answers) {
      assertSays(recording.text, answer, "transcript");
    }

    await checkReport(page, client, { answers: answers.length, texts: [recording.text] });
    await page.locator(".turn-card").nth(1).evaluate((card) => (card.open = true));
    await screenshot(page, "report", { fullPage: true });
    const markdown = await download(page, "Download Markdown");
    assert.match(markdown.name, /\.md$/);
    assert.ok(markdown.bytes.toString("utf8").length > 100, "the Markdown report has content");
    const pdf = await download(page, "Download PDF");
    assert.match(pdf.name, /\.pdf$/);
    assert.equal(pdf.bytes.subarray(0, 5).toString("latin1"), "%PDF-");

    // Dark theme, and the history with its trend chart.
    await page.getByRole("button", { name: /Switch to dark theme/ }).click();
    await screenshot(page, "report-dark");
    await page.getByRole("link", { name: "History" }).click();
    await page.locator(".history-item").first().waitFor();
    await page.locator(".trend-chart").waitFor();
    assert.equal(await page.locator(".history-item").count(), 1);
    await page.getByRole("button", { name: /Switch to light theme/ }).click();
    await screenshot(page, "history");
    await page.locator(".history-item a.button").first().click();
    await page.locator("section.report[data-loaded]").waitFor();

    // The same report on a 360 px phone screen.
    const phone = await openPage(browser, page.url(), apiKey, { width: 360 });
    await phone.page.locator("section.report[data-loaded]").waitFor();
    await assertNoHorizontalOverflow(phone.page, "the report");
    await screenshot(phone.page, "report-phone", { fullPage: true });
  });
  assert.deepEqual(errors, [], "no uncaught errors on the page");
});

test("with the microphone denied, the interview is completed by typing", { timeout: 5 * 60_000 }, async (t) => {
  const url = serviceUrl();
  const apiKey = newApiKey();
  const client = serviceClient(url, apiKey);
  const browser = await launchBrowser("denied");
  t.after(() => browser.close());
  const { page, errors } = await openPage(browser, `${url}/`, apiKey);
  await keepFailureScreenshot(t, page, "failure-typed", async () => {
    await setUp(page, QUESTIONS);
    await page.getByRole("button", { name: "Check microphone" }).click();
    const problem = page.getByRole("alert").filter({ hasText: "Microphone access was blocked" });
    await problem.waitFor({ timeout: 15_000 });
    await screenshot(page, "setup-microphone-denied");
    await problem.getByRole("button", { name: "Answer by typing" }).click();
    assert.equal(await page.getByLabel("Answer by typing instead of speaking").isChecked(), true);
    await page.getByRole("button", { name: "Start interview" }).click();
    await page.waitForURL(/#\/session\//);

    const typed = [
      "I would start by measuring where the time goes, then add an index and a cache, and check the result with a load test.",
      "I would keep the service stateless behind a load balancer, store sessions in a database, and add retries with backoff.",
    ];
    const sent = [];
    for (let turn = 0; turn < MAX_ANSWERS; turn++) {
      if ((await waitForQuestion(page, turn, 120_000)) === "finished") {
        break;
      }
      assert.equal(await page.evaluate(() => document.querySelector("section.room")?.dataset.mic), "closed", "typing never opens the microphone");
      const text = typed[turn % typed.length];
      await page.locator("#typed-answer").fill(text);
      if (turn === 0) {
        await screenshot(page, "room-typing");
      }
      await page.locator("#typed-answer").press("Control+Enter");
      const shown = (await waitForAnswers(page, turn + 1, 30_000))[turn];
      assert.equal(shown, text);
      sent.push(text);
    }
    assert.ok(sent.length >= QUESTIONS, `answered ${sent.length} times, expected at least ${QUESTIONS}`);
    await checkReport(page, client, { answers: sent.length, texts: typed.slice(0, Math.min(sent.length, typed.length)) });
    await screenshot(page, "report-typed", { fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "report-typed-dark", { fullPage: true });
    await page.emulateMedia({ colorScheme: "light" });
    await page.getByRole("link", { name: "History" }).click();
    await page.locator(".trend-chart").waitFor();
    await screenshot(page, "history-typed");
  });
  assert.deepEqual(errors, [], "no uncaught errors on the page");
});
