// The interview room's fault handling and controls in a real browser, against the running services: the
// connection dropping mid-answer, pause and resume, and barge-in; plus the room and report on a 360 px phone
// screen in the dark theme.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  answerRecording,
  assertNoHorizontalOverflow,
  assertSays,
  checkReport,
  ControlAction,
  endInterview,
  findEvent,
  keepFailureScreenshot,
  launchBrowser,
  looksDark,
  MAX_WORD_ERROR_RATE,
  NetworkCut,
  newApiKey,
  normalizeWords,
  openPage,
  recordCalls,
  roomClocks,
  screenshot,
  serviceClient,
  serviceUrl,
  sessionIdOf,
  setUp,
  waitForAnswers,
  waitForQuestion,
  waitForRoomData,
  waitForState,
  wordErrorRate,
} from "../../.build/browser/support.mjs";

/**
 * How long the connection stays down: longer than the end-of-answer silence (2.5 s), so an answer the server
 * ended for lack of audio, or for a pause it saw too late, would show as a cut-off transcript.
 */
const OFFLINE_MS = 5_000;
/** Words at the end of the recording that the answer must end with. */
const LAST_WORDS = 6;

/**
 * A fresh user, a browser whose fake microphone speaks the answer recording, and the set-up page (at pageUrl,
 * by default the service's).
 */
async function voiceRoom(t, { pageUrl, times, ...pageOptions } = {}) {
  const url = serviceUrl();
  const apiKey = newApiKey();
  const client = serviceClient(url, apiKey);
  const recording = await answerRecording(client, { times });
  t.diagnostic(`answer recording: ${recording.source}, ${recording.seconds.toFixed(1)} s: “${recording.text}”`);
  const browser = await launchBrowser({ captureFile: recording.captureFile });
  t.after(() => browser.close());
  const { page, errors } = await openPage(browser, `${pageUrl ?? url}/`, apiKey, pageOptions);
  return { client, recording, page, errors, calls: recordCalls(page) };
}

/** The whole-text error rate misses a lost last sentence of a long answer: the ends must match too. */
function assertEndsLike(recording, text, where) {
  const last = (words) => normalizeWords(words).slice(-LAST_WORDS).join(" ");
  const wer = wordErrorRate(last(recording.text), last(text));
  assert.ok(wer <= MAX_WORD_ERROR_RATE, `${where} ends “${last(text)}”, the recording “${last(recording.text)}”: the end of the answer was lost`);
}

const playedSeconds = (duration) => Number(duration?.seconds ?? 0n) + (duration?.nanos ?? 0) / 1e9;
const seconds = (clock) => clock.split(":").reduce((total, part) => total * 60 + Number(part), 0);

test("connection lost mid-answer: the page says so, resumes the events where it left off and keeps the answer; 360 px, dark theme", { timeout: 5 * 60_000 }, async (t) => {
  const network = await NetworkCut.start(serviceUrl());
  t.after(() => network.close());
  // Said twice with a thinking pause between: the audio that waits out the outage holds the pause and what follows.
  const { client, recording, page, errors, calls } = await voiceRoom(t, { pageUrl: network.url, times: 2, width: 360, colorScheme: "dark" });
  await keepFailureScreenshot(t, page, "failure-connection-lost", async () => {
    await setUp(page, 1, { start: true });
    assert.ok(await looksDark(page), "the page is drawn in the dark theme");
    await waitForQuestion(page, 0, 120_000);
    // The answer is under way; the network goes just after its thinking pause begins.
    await waitForRoomData(page, "mic", "open");
    const micOpenAt = Date.now();
    await page.locator(".entry.candidate .answer-text:not(:empty)").waitFor({ timeout: 20_000 });
    await page.waitForTimeout(Math.max(0, (1 + recording.spokenSeconds + 0.3) * 1000 - (Date.now() - micOpenAt)));
    const offlineAt = Date.now();
    network.cut();
    const banner = page.locator('[data-banner="connection"]');
    await banner.waitFor({ timeout: OFFLINE_MS });
    assert.match(await banner.innerText(), /Connection lost.*Reconnecting/s);
    const waiting = page.locator('[data-banner="audio"]');
    await waiting.waitFor({ timeout: OFFLINE_MS });
    assert.match(await waiting.innerText(), /Your answer is kept/);
    await screenshot(page, "room-connection-lost-phone-dark");
    await assertNoHorizontalOverflow(page, "the interview room");
    await page.waitForTimeout(Math.max(0, OFFLINE_MS - (Date.now() - offlineAt)));
    network.restore();
    await banner.waitFor({ state: "detached", timeout: 15_000 });
    await waiting.waitFor({ state: "detached", timeout: 15_000 });

    const [answer] = await waitForAnswers(page, 1, (recording.seconds + 30) * 1000);
    t.diagnostic(`answer shown: “${answer}”`);
    assertSays(recording.text, answer, "the answer spoken across the outage");
    assertEndsLike(recording, answer, "the answer spoken across the outage");
    assert.equal(calls.streamEvents[0], 0n, "the first StreamEvents starts from the beginning");
    t.diagnostic(`StreamEvents calls, after_sequence: ${calls.streamEvents.join(", ")}`);
    const reconnects = calls.streamEvents.slice(1);
    assert.ok(reconnects.length > 0 && reconnects.every((after) => after > 0n), "reconnecting resumes after the last event seen, not from the start");
    assert.equal(await page.locator(".entry.candidate").count(), 1, "the answer shows once");
    await screenshot(page, "room-phone-dark", { fullPage: true, docs: false });
    await assertNoHorizontalOverflow(page, "the interview room");

    await endInterview(page);
    await checkReport(page, client, { answers: 1, texts: [recording.text] });
    await page.locator(".turn-card").first().evaluate((card) => (card.open = true));
    await screenshot(page, "report-phone-dark", { fullPage: true, docs: false });
    await assertNoHorizontalOverflow(page, "the report");
  });
  assert.deepEqual(errors, [], "no uncaught errors on the page");
});

test("pause and resume from the page, then barge-in over the question", { timeout: 5 * 60_000 }, async (t) => {
  const { client, recording, page, errors, calls } = await voiceRoom(t);
  const question = () =>
    page.evaluate(() => ({
      kind: document.querySelector(".question-kind")?.textContent,
      text: document.querySelector(".question-text")?.textContent,
      progress: document.querySelector(".progress-text")?.textContent,
    }));

  await keepFailureScreenshot(t, page, "failure-pause", async () => {
    await setUp(page, 1, { start: true });
    await waitForQuestion(page, 0, 120_000);
    // Paused before the recording's speech begins (it starts 1 s after the microphone opens), and muted so it is
    // not heard over the question when that is asked again.
    const asked = await question();
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await waitForState(page, ["paused"], 10_000);
    await page.keyboard.press("m");
    await waitForRoomData(page, "mic", "closed");
    assert.equal(await page.locator(".indicator-text").innerText(), "Paused");
    const frozen = await roomClocks(page);
    await page.waitForTimeout(2_500);
    assert.deepEqual(await roomClocks(page), frozen, "the session and answer clocks stand still while paused");
    await screenshot(page, "room-paused", { docs: false });

    await page.keyboard.press("p");
    await waitForState(page, ["speaking"], 20_000);
    assert.deepEqual(await question(), asked, "resuming asks the same question again");
    assert.equal(await page.locator(".entry.candidate.complete").count(), 0, "no answer was taken");
    const resumed = await roomClocks(page);
    assert.ok(seconds(resumed.session) <= seconds(frozen.session) + 2, `the session clock went on from ${frozen.session}, not ${resumed.session}`);
  });

  await keepFailureScreenshot(t, page, "failure-barge-in", async () => {
    // Unmuting while the question plays restarts the recording: after 1 s of silence it speaks over the interviewer.
    await waitForRoomData(page, "playback", "playing", 20_000);
    await page.evaluate(() => {
      const trace = (window.bargeInTrace = { levels: [], ducked: undefined, stopped: undefined });
      const room = document.querySelector("section.room");
      new MutationObserver(() => {
        trace.ducked ??= room.dataset.playback === "ducked" ? performance.now() : undefined;
        trace.stopped ??= room.dataset.playback === "idle" ? performance.now() : undefined;
      }).observe(room, { attributes: true, attributeFilter: ["data-playback"] });
      new MutationObserver(() => {
        trace.levels.push([performance.now(), Number(document.querySelector(".level-meter").dataset.level)]);
      }).observe(document.querySelector(".level-meter"), { attributes: true, attributeFilter: ["data-level"] });
    });
    await page.keyboard.press("m");
    await waitForRoomData(page, "mic", "open");
    await waitForRoomData(page, "playback", "idle", 15_000);
    await page.locator(".entry.interviewer.interrupted .interrupted-tag").waitFor({ timeout: 10_000 });
    assert.equal(await page.locator(".entry.interviewer.interrupted .interrupted-tag").innerText(), "Interrupted by you");
    await waitForState(page, ["recording"], 5_000); // the server listens, and hears the answer going on
    await screenshot(page, "room-barge-in");

    const interrupted = await findEvent(client, sessionIdOf(page), (event) => event.event.case === "interviewerInterrupted", 15_000);
    assert.ok(interrupted, "the server stopped the interviewer (InterviewerInterrupted)");
    // What the page heard, for tuning the barge-in threshold: meter levels from the voice's onset to the stop.
    const trace = await page.evaluate(() => window.bargeInTrace);
    const onset = trace.levels.find(([, level]) => level >= 20);
    const pageInterrupted = calls.controls.some((call) => call.action === ControlAction.INTERRUPT);
    if (onset && trace.stopped !== undefined) {
      const heard = trace.levels.filter(([time]) => time >= onset[0] && time <= trace.stopped);
      t.diagnostic(
        `barge-in: playback turned down ${trace.ducked === undefined ? "never" : `${Math.round(trace.ducked - onset[0])} ms`} and stopped ` +
          `${Math.round(trace.stopped - onset[0])} ms after the voice began (the first level above -48 dBFS), ` +
          `${pageInterrupted ? "by the page (CONTROL_ACTION_INTERRUPT)" : "by the server (InterviewerInterrupted)"}; ` +
          `levels until then: ${heard.map(([time, level]) => `${Math.round(time - onset[0])} ms ${Math.round(level * 0.6 - 60)} dBFS`).join(", ")}; ` +
          `the question had played for ${playedSeconds(interrupted.event.value.played).toFixed(2)} s (server)`,
      );
    }
    // A voice over the interviewer turns it down at once; it stops on the server's word, or on the page's own once
    // the voice has outlasted a backchannel.
    assert.ok(trace.ducked !== undefined && trace.ducked <= trace.stopped, "the page turned the interviewer down as soon as it heard the voice, before it stopped");

    const [answer] = await waitForAnswers(page, 1, (recording.seconds + 30) * 1000);
    assertSays(recording.text, answer, "the answer given over the interviewer");
  });
  assert.deepEqual(errors, [], "no uncaught errors on the page");
});
