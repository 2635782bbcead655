// The coding round in a real browser against the running services (the Interview service with its code runner):
// a coding interview set up, the problem's reference solution written into the CodeMirror editor, kept across a
// reload, run against the examples, submitted with every hidden test passing, and the report showing the code.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import {
  answerRecording,
  assertNoHorizontalOverflow,
  ControlAction,
  endInterview,
  keepFailureScreenshot,
  launchBrowser,
  newApiKey,
  openPage,
  recordCalls,
  screenshot,
  serviceClient,
  serviceUrl,
  sessionIdOf,
  setUp,
} from "../../.build/browser/support.mjs";

const solutions = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../tests/Rehearse.CodeRunner.FunctionalTests/Solutions");

/** The editor's text, line by line as CodeMirror shows it. */
function editorText(page) {
  return page.locator(".coding-panel .cm-content").evaluate((content) => [...content.querySelectorAll(".cm-line")].map((line) => line.textContent).join("\n"));
}

test("a coding interview: write the solution in the editor, run the examples, submit, read the report", { timeout: 8 * 60_000 }, async (t) => {
  const url = serviceUrl();
  const apiKey = newApiKey();
  const client = serviceClient(url, apiKey);
  const recording = await answerRecording(client);
  const browser = await launchBrowser({ captureFile: recording.captureFile });
  t.after(() => browser.close());
  const { page, errors } = await openPage(browser, `${url}/`, apiKey);
  const calls = recordCalls(page);
  await keepFailureScreenshot(t, page, "failure-coding", async () => {
    const options = await client.getSetupOptions({});
    assert.ok(options.codingAvailable, "the service under test has no code runner, so coding cannot be tested");

    await setUp(page, 1);
    await page.getByLabel("Interview type").selectOption({ label: "Coding" });
    await page.getByLabel("Programming language").selectOption({ label: "Python" });
    await page.getByRole("button", { name: "Start interview" }).click();
    await page.waitForURL(/#\/session\//);

    // The problem, its examples and the starter code in a highlighted editor.
    const panel = page.locator(".coding-panel:not([hidden])");
    await panel.waitFor({ timeout: 120_000 });
    const problem = await panel.getAttribute("data-problem");
    t.diagnostic(`problem: ${problem}`);
    assert.ok(problem, "the panel names its problem");
    await panel.locator(".cm-content").waitFor();
    assert.match(await editorText(page), /def \w+\(/, "the starter code is loaded");
    assert.ok((await panel.locator(".coding-examples li").count()) > 0, "examples are shown");
    assert.ok((await panel.locator(".cm-content .tok-keyword").count()) > 0, "the code is highlighted");
    await page.waitForFunction(() => document.querySelector("section.room")?.dataset.state === "listening" || document.querySelector("section.room")?.dataset.state === "recording", null, { timeout: 120_000 });

    // Speech goes on while coding: the spoken approach reaches the transcript.
    await page.locator(".entry.candidate .answer-text:not(:empty)").first().waitFor({ timeout: 60_000 });

    // Paste the reference solution over the starter code (as the editor takes a paste: its own indentation leaves
    // pasted lines alone; Chromium's native text insertion would add inline styles the page's policy refuses),
    // then type a comment key by key: letters that are room shortcuts (d, r, s, p, m, t, e) must not fire there.
    const solution = readFileSync(resolve(solutions, problem, "reference.py"), "utf8").trimEnd();
    await panel.locator(".cm-content").click();
    await page.keyboard.press("Control+A");
    await panel.locator(".cm-content").evaluate((content, text) => {
      const data = new DataTransfer();
      data.setData("text/plain", text);
      content.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, solution);
    const controlsBefore = calls.controls.length;
    await page.keyboard.press("End");
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("# done: repeat, skip, pause, mute, type, end");
    assert.equal(calls.controls.length, controlsBefore, `typing in the editor sent controls: ${JSON.stringify(calls.controls.slice(controlsBefore))}`);
    assert.equal(await page.getByRole("dialog").isVisible().catch(() => false), false, "typing E in the editor does not ask to end the interview");
    const written = await editorText(page);
    assert.ok(written.startsWith(solution) && written.includes("# done: repeat, skip, pause, mute, type, end"), `the editor holds the solution and the comment:\n${written}`);

    // The draft survives a reload.
    await page.waitForTimeout(800);
    await page.reload();
    await page.locator(".coding-panel:not([hidden]) .cm-content").waitFor({ timeout: 60_000 });
    assert.equal(await editorText(page), written, "the draft is back after a reload");

    // Run the examples: streamed, then each example passed.
    await page.getByRole("button", { name: "Run examples" }).click();
    const results = page.locator(".coding-results");
    await page.locator('.coding-results[data-kind="examples"][data-tone]:not([data-tone="running"])').waitFor({ timeout: 60_000 });
    assert.equal(await results.getAttribute("data-tone"), "passed", await results.innerText());
    const examples = await panel.locator(".coding-examples li").count();
    assert.equal(await results.locator('.test-result[data-passed="true"]').count(), examples);
    await screenshot(page, "room-coding");

    // At phone width the problem and the editor stack without overflowing, in the dark theme too.
    await page.setViewportSize({ width: 360, height: 800 });
    await page.emulateMedia({ colorScheme: "dark" });
    await assertNoHorizontalOverflow(page, "the coding room at 360 px");
    await screenshot(page, "room-coding-phone-dark", { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });

    // Submit: every test runs, the hidden ones counted, all passing.
    await page.getByRole("button", { name: "Submit" }).click();
    await page.locator('.coding-results[data-kind="submit"][data-tone]:not([data-tone="running"])').waitFor({ timeout: 60_000 });
    assert.equal(await results.getAttribute("data-tone"), "passed", await results.innerText());
    const hidden = (await results.locator(".hidden-tests").innerText()).match(/Hidden tests: (\d+) of (\d+) passed/);
    assert.ok(hidden && Number(hidden[2]) > 0 && hidden[1] === hidden[2], `hidden tests: ${hidden?.[0]}`);
    assert.equal(await page.getByRole("button", { name: "Submitted" }).isDisabled(), true);

    const sessionId = sessionIdOf(page);
    await endInterview(page);
    assert.ok(!calls.controls.some((c) => c.action === ControlAction.SKIP_QUESTION), "nothing was skipped");

    // The report: the final code highlighted and read-only, the tests, the first passing run.
    await page.locator("section.report[data-loaded]").waitFor({ timeout: 60_000 });
    const code = page.locator(".report-code").first();
    await code.locator(".cm-content").waitFor({ timeout: 30_000 });
    assert.equal(await code.locator(".cm-content").getAttribute("aria-readonly"), "true");
    // The editor measures its lines once scrolled into view, as a reader does.
    await code.locator(".cm-editor").scrollIntoViewIfNeeded();
    const { report } = await client.getReport({ sessionId });
    const feedback = report?.turns.find((turn) => turn.coding)?.coding;
    assert.ok(feedback?.submitted);
    assert.equal(feedback.testsPassed, feedback.testCount);
    assert.match(await code.innerText(), new RegExp(`${feedback.testsPassed} of ${feedback.testCount}`));
    assert.ok(feedback.timeToFirstPass, "the first passing run is timed");
    assert.doesNotMatch(await code.innerText(), /First passing run\s+none/);
    await screenshot(page, "report-coding", { fullPage: true });
    assert.deepEqual(errors, []);
  });
});
