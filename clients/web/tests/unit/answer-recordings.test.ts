import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { forgetRecordings, recordAudio, recordingOf, recordSegment, segmentAt } from "../../src/session/answer-recordings.js";

describe("answer recordings", () => {
  it("joins a turn's audio in order with its segments, and forgets a deleted session's", () => {
    recordAudio("s1", 0, Int16Array.of(1, 2));
    recordAudio("s1", 0, Int16Array.of(3));
    recordSegment("s1", 0, { index: 1, text: "second", startMs: 900, endMs: 1500 });
    recordSegment("s1", 0, { index: 0, text: "first", startMs: 100, endMs: 800 });
    recordAudio("s1", 1, Int16Array.of(9));

    const recording = recordingOf("s1", 0);
    assert.deepEqual([...(recording?.samples ?? [])], [1, 2, 3]);
    assert.deepEqual(recording?.segments.map((s) => s.text), ["first", "second"]);
    assert.equal(recordingOf("s1", 2), undefined, "a typed answer has no recording");

    forgetRecordings("s1");
    assert.equal(recordingOf("s1", 0), undefined);
    assert.equal(recordingOf("s1", 1), undefined);
  });

  it("finds the segment playing, none in the pauses between", () => {
    const segments = [
      { index: 0, text: "a", startMs: 100, endMs: 800 },
      { index: 1, text: "b", startMs: 900, endMs: 1500 },
    ];
    assert.equal(segmentAt(segments, 50), -1);
    assert.equal(segmentAt(segments, 100), 0);
    assert.equal(segmentAt(segments, 850), -1);
    assert.equal(segmentAt(segments, 1499), 1);
    assert.equal(segmentAt(segments, 1500), -1);
  });
});
