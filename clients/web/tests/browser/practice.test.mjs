// The practice loop in a real browser against the running services: practice mode chosen at set-up, the feedback
// panel after the question, trying it again by voice (the fake microphone speaks the recording), continuing, and in
// the report the attempts side by side and the replay of an answer from the page's memory with its words
// highlighted as they play.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  answerRecording,
  keepFailureScreenshot,
  launchBrowser,
  newApiKey,
  openPage,
  serviceClient,
  serviceUrl,
  sessionIdOf,
  setUp,
  waitForAnswers,
  waitForRoomData,
} from "../../.build/browser/support.mjs";

const MAX_STEPS = 16;

/** Waits until the room is finished, shows the feedback of attempt `attempt`, or listens for answer number n + 1. */
async function nextStep(page, answered, attempt, timeout) {
  await page.waitForFunction(
    ([n, a]) => {
      const state = document.querySelector("section.room")?.dataset.state;
      const feedback = document.querySelector(".feedback-panel:not([hidden]) h2")?.textContent ?? "";
      return (
        state === "finished" ||
        (state === "reviewing" && feedback.endsWith(`attempt ${a}`)) ||
        (state === "listening" && document.querySelectorAll(".entry.candidate.complete").length === n)
      );
    },
    [answered, attempt],
    { timeout },
  );
  return page.evaluate(() => document.querySelector("section.room")?.dataset.state);
}

test("practice mode by voice: feedback, try again, continue; the report sets the attempts side by side and replays an answer", { timeout: 8 * 60_000 }, async (t) => {
  const url = serviceUrl();
  const apiKey = newApiKey();
  const client = serviceClient(url, apiKey);
  const recording = await answerRecording(client);
  const browser = await launchBrowser({ captureFile: recording.captureFile });
  t.after(() => browser.close());
  const { page, errors } = await openPage(browser, `${url}/`, apiKey);
  await keepFailureScreenshot(t, page, "failure-practice", async () => {
    await setUp(page, 1);
    await page.getByLabel(/Practice mode/).check();
    await page.getByRole("button", { name: "Start interview" }).click();
    await page.waitForURL(/#\/session\//);

    let answered = 0;
    let reviews = 0;
    for (let step = 0; step < MAX_STEPS; step++) {
      const state = await nextStep(page, answered, reviews + 1, (recording.seconds + 120) * 1000);
      if (state === "finished") {
        break;
      }
      if (state === "reviewing") {
        reviews++;
        const panel = page.locator(".feedback-panel");
        assert.match(await panel.innerText(), /Tip:/);
        if (reviews === 1) {
          assert.equal(await page.locator(".controls button", { hasText: "Try again" }).isEnabled(), true, "the toolbar offers a try again too");
          await panel.locator("button[data-choice=redo]").click();
        } else {
          assert.match(await panel.innerText(), /from attempt 1/);
          await panel.locator("button[data-choice=continue]").click();
        }
        continue;
      }
      await waitForRoomData(page, "playback", "idle");
      if (answered > 0) {
        // Reopening the microphone restarts the fake device's file: the same answer is spoken again.
        await page.keyboard.press("m");
        await waitForRoomData(page, "mic", "closed");
        await page.keyboard.press("m");
      }
      await waitForRoomData(page, "mic", "open");
      await waitForAnswers(page, answered + 1, (recording.seconds + 30) * 1000);
      answered++;
    }
    assert.equal(reviews, 2, "feedback after the first attempt and after the second");

    await page.waitForURL(/#\/report\//, { timeout: 120_000 });
    await page.locator("section.report[data-loaded]").waitFor({ timeout: 60_000 });
    const { report } = await client.getReport({ sessionId: sessionIdOf(page) });
    const attempts = report?.questionScores[0]?.attempts ?? [];
    assert.deepEqual(attempts.map((a) => a.attempt), [1, 2]);
    assert.equal(await page.locator(".attempts .attempt").count(), 2);
    const heading = (await page.locator(".attempts .attempt").nth(1).locator("h3").first().innerText()).replace(/\s+/g, " ");
    assert.match(heading, new RegExp(`^Attempt 2 · ${attempts[1]?.scores?.overall} `));
    assert.match(await page.locator(".audio-privacy").innerText(), /this browser's memory/);

    // The answer plays from the page's memory, and its words light up as they are heard.
    const replay = page.locator(".answer-replay").first();
    await replay.getByRole("button", { name: "Play your answer" }).click();
    await page.locator(".answer-replay[data-playing=true]").waitFor({ timeout: 5_000 });
    await page.locator(".answer-replay .replay-segment.playing").first().waitFor({ timeout: (recording.seconds + 30) * 1000 });
    assert.deepEqual(errors, []);
  });
});
