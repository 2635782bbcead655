// Accounts in a real browser, against the running Interview service (REHEARSE_WEB_URL): the key on the Account
// page (masked, revealed, copied), and signing in with that key in another browser, which then lists the first
// browser's interviews.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  Difficulty,
  InterviewType,
  keepFailureScreenshot,
  launchBrowser,
  newApiKey,
  openPage,
  screenshot,
  serviceClient,
  serviceUrl,
} from "../../.build/browser/support.mjs";

test("the Account page shows the key masked, reveals it and copies it", { timeout: 60_000 }, async (t) => {
  const url = serviceUrl();
  const apiKey = newApiKey();
  const browser = await launchBrowser("denied");
  t.after(() => browser.close());
  const { page, errors } = await openPage(browser, `${url}/#/account`, apiKey);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: url });
  await keepFailureScreenshot(t, page, "failure-account-key", async () => {
    const key = page.locator(".account-key");
    await key.waitFor();
    const masked = await key.textContent();
    assert.ok(!masked.includes(apiKey.slice(0, 8)), `the key is masked at first: ${masked}`);
    assert.ok(masked.endsWith(apiKey.slice(-4)), "the masked key ends with the key's last characters, to tell keys apart");
    assert.equal(await page.locator(".notice-warning", { hasText: /Whoever has this key has your interviews/ }).count(), 1);

    await page.getByRole("button", { name: "Reveal" }).click();
    assert.equal(await key.textContent(), apiKey);
    await screenshot(page, "account", { fullPage: true, docs: false });
    await page.getByRole("button", { name: "Hide" }).click();
    assert.equal(await key.textContent(), masked);

    await page.getByRole("button", { name: "Copy" }).click();
    await page.getByText("Copied.").waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), apiKey);
  });
  assert.deepEqual(errors, []);
});

test("a key pasted in another browser switches it to that key's interviews", { timeout: 90_000 }, async (t) => {
  const url = serviceUrl();
  const firstKey = newApiKey();
  const title = `Backend (${firstKey.slice(0, 6)})`;
  const created = await serviceClient(url, firstKey).createSession({
    config: { role: "backend", interviewType: InterviewType.TECHNICAL, difficulty: Difficulty.MEDIUM, questionCount: 2, spoken: false },
  });
  const browser = await launchBrowser("denied");
  t.after(() => browser.close());

  // The other browser makes its own key on first use, as any new visitor's does; it has no interviews.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${url}/#/history`);
  await page.getByText("No interviews yet").waitFor();
  const ownKey = await page.evaluate(() => localStorage.getItem("rehearse.apiKey"));
  assert.notEqual(ownKey, firstKey);

  await keepFailureScreenshot(t, page, "failure-account-sign-in", async () => {
    await page.getByRole("link", { name: "Account" }).click();
    const field = page.getByLabel("Key", { exact: true });
    await field.fill("too short");
    await page.getByRole("button", { name: "Use this key" }).click();
    await page.getByText("A key is 16 to 128 characters").waitFor();

    await field.fill(firstKey);
    await page.getByRole("button", { name: "Use this key" }).click();
    await page.waitForURL(/#\/history$/);
    const item = page.locator(".history-item", { hasText: created.session.title || title });
    await item.waitFor({ timeout: 15_000 });
    assert.equal(await page.locator(".history-item").count(), 1);
    assert.equal(await page.evaluate(() => localStorage.getItem("rehearse.apiKey")), firstKey);
    await screenshot(page, "account-signed-in-history", { docs: false });

    // Signing out forgets the key in this browser; the next visit is a new user again.
    await page.getByRole("link", { name: "Account" }).click();
    await page.getByRole("button", { name: "Sign out of this browser" }).click();
    await page.getByRole("button", { name: "Use this key" }).waitFor();
    assert.equal(await page.locator(".account-key").count(), 0);
    await page.getByRole("link", { name: "History" }).click();
    await page.getByText("No interviews yet").waitFor();
    const newKey = await page.evaluate(() => localStorage.getItem("rehearse.apiKey"));
    assert.ok(newKey && newKey !== firstKey && newKey !== ownKey);
  });
  assert.deepEqual(errors, []);
});
