import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { answerStarts, formatClock, observeServerTime, pauseBegins, pauseEnds, readClocks, sessionStarts, STOPPED_CLOCKS } from "../../src/room/clocks.js";

describe("room clocks", () => {
  it("read 0:00 and — before the session starts", () => {
    assert.deepEqual(readClocks(STOPPED_CLOCKS, 123_456, 180), { session: "0:00", answer: "—" });
  });

  it("leave out every pause, however many", () => {
    let c = answerStarts(sessionStarts(STOPPED_CLOCKS, 0), 10_000);
    c = pauseEnds(pauseBegins(c, 20_000), 50_000);
    c = pauseBegins(c, 60_000);
    assert.equal(pauseBegins(c, 70_000), c, "a pause already running keeps its start");
    c = pauseEnds(c, 90_000);
    assert.deepEqual(readClocks(c, 100_000, 0), { session: "0:40", answer: "0:30" });
    assert.equal(pauseEnds(c, 120_000), c, "no pause, nothing to end");
  });

  it("take the largest server lead seen as the skew", () => {
    let c = observeServerTime(STOPPED_CLOCKS, 5_000, 4_000);
    c = observeServerTime(c, 6_000, 5_500);
    assert.equal(c.skew, 1_000);
    c = sessionStarts(c, 5_000);
    assert.deepEqual(readClocks(c, 64_000, 0), { session: "1:00", answer: "—" });
  });
});

describe("formatClock", () => {
  it("shows minutes and seconds, and hours past an hour", () => {
    assert.equal(formatClock(0), "0:00");
    assert.equal(formatClock(65.9), "1:05");
    assert.equal(formatClock(3_723), "1:02:03");
    assert.equal(formatClock(-3), "0:00");
  });
});
