// The set-up page as a first-time user sees it on a 1280×800 screen, in a real browser against the running
// service: Start within reach without scrolling, plain reasons for unavailable engines, and a visible focus on
// the upload buttons.
import assert from "node:assert/strict";
import { test } from "node:test";
import { keepFailureScreenshot, launchBrowser, newApiKey, openPage, screenshot, serviceUrl } from "../../.build/browser/support.mjs";

test("set-up at 1280×800: Start in view, unavailable engines in plain words, upload focus visible", { timeout: 60_000 }, async (t) => {
  const browser = await launchBrowser("denied");
  t.after(() => browser.close());
  const { page, errors } = await openPage(browser, `${serviceUrl()}/`, newApiKey(), { height: 800 });
  await keepFailureScreenshot(t, page, "failure-setup", async () => {
    await page.getByLabel("Role").waitFor();
    const start = page.getByRole("button", { name: "Start interview" });
    const box = await start.boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 800, `Start is in the window without scrolling (top ${box?.y} px of 800)`);
    await screenshot(page, "setup");
    // Scrolled to the end, Start is still where it was: one place to find it.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const end = await start.boundingBox();
    assert.ok(end && end.y + end.height <= 800);

    for (const hint of await page.locator(".choice.unavailable .choice-hint").allInnerTexts()) {
      assert.doesNotMatch(hint, /[A-Z]+_[A-Z_]+|\w+:\w+:\w+/, `an unavailable engine's reason names no setting: “${hint}”`);
    }

    // Keyboard focus on the hidden file input shows on its button.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator("#resume").focus();
    await page.keyboard.press("Shift+Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "resume-file");
    const outline = await page.locator('label[for="resume-file"]').evaluate((label) => getComputedStyle(label).outlineStyle);
    assert.equal(outline, "solid", "the upload button shows the focus");
  });
  assert.deepEqual(errors, [], "no uncaught errors on the page");
});
