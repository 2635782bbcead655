// The report and history pages' own actions, in a real browser against the running services: downloading the
// transcript (ExportTranscript) and deleting an interview with everything kept of it (DeleteSession), each after
// a confirmation.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { keepFailureScreenshot, launchBrowser, newApiKey, openPage, serviceClient, serviceUrl, sessionIdOf, setUp, waitForState } from "../../.build/browser/support.mjs";

const ANSWER = "I would put a cache in front of the database and invalidate entries when a write commits.";

/** A one-question interview answered by typing and ended at once; leaves the page on its report. */
async function typedInterview(page) {
  await page.goto(`${serviceUrl()}/#/`);
  await setUp(page, 1);
  await page.getByLabel("Answer by typing instead of speaking").check();
  await page.getByRole("button", { name: "Start interview" }).click();
  await page.waitForURL(/#\/session\//);
  await page.getByRole("button", { name: "Skip intro" }).click();
  await waitForState(page, ["listening"], 60_000);
  await page.locator("#typed-answer").fill(ANSWER);
  await page.keyboard.press("Control+Enter");
  await page.locator(".entry.candidate.complete").waitFor({ timeout: 60_000 });
  await page.keyboard.press("e");
  await page.getByRole("dialog").getByRole("button", { name: "End interview" }).click();
  await page.waitForURL(/#\/report\//, { timeout: 120_000 });
  await page.locator("section.report[data-loaded]").waitFor({ timeout: 60_000 });
  return sessionIdOf(page);
}

async function assertDeleted(client, sessionId) {
  await assert.rejects(client.getSession({ sessionId }), (error) => ConnectError.from(error).code === Code.NotFound, "the session is gone from the server");
}

test("report: download the transcript, delete the interview after confirming; history: delete an interview", { timeout: 5 * 60_000 }, async (t) => {
  const url = serviceUrl();
  const apiKey = newApiKey();
  const client = serviceClient(url, apiKey);
  const browser = await launchBrowser("denied");
  t.after(() => browser.close());
  const { page, errors } = await openPage(browser, `${url}/`, apiKey);
  await keepFailureScreenshot(t, page, "failure-report-actions", async () => {
    const first = await typedInterview(page);

    const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download transcript" }).click()]);
    const transcript = readFileSync(await file.path(), "utf8");
    assert.match(file.suggestedFilename(), /\.txt$/);
    assert.ok(transcript.includes(ANSWER), `the transcript has the typed answer: ${transcript.slice(0, 400)}`);

    // Keeping it deletes nothing; confirming deletes it and goes to the history.
    await page.getByRole("button", { name: "Delete interview" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Keep it" }).click();
    assert.equal((await client.getSession({ sessionId: first })).session?.id, first, "keeping it deletes nothing");
    await page.getByRole("button", { name: "Delete interview" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete interview" }).click();
    await page.waitForURL(/#\/history/);
    await assertDeleted(client, first);

    const second = await typedInterview(page);
    await page.goto(`${url}/#/history`);
    const item = page.locator(".history-item");
    await item.first().waitFor();
    assert.equal(await item.count(), 1, "the deleted interview is not in the history");
    await item.getByRole("button", { name: /^Delete / }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete interview" }).click();
    await item.first().waitFor({ state: "detached" });
    assert.match(await page.getByRole("status").first().innerText(), /Deleted/);
    await assertDeleted(client, second);
  });
  assert.deepEqual(errors, [], "no uncaught errors on the page");
});
