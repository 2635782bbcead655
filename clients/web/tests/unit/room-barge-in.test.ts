import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BARGE_IN_REPORTS, BARGE_IN_RMS, BargeInDetector } from "../../src/room/barge-in.js";

const LOUD = 0.1; // -20 dBFS
const QUIET = 0.01; // -40 dBFS

function hearAll(detector: BargeInDetector, levels: number[], playing = true): boolean[] {
  return levels.map((rms) => detector.hear(rms, playing));
}

describe("BargeInDetector", () => {
  it("fires on the third loud report in a row while the interviewer plays, then counts again", () => {
    assert.equal(BARGE_IN_REPORTS, 3);
    const detector = new BargeInDetector();
    assert.deepEqual(hearAll(detector, [LOUD, LOUD, LOUD, LOUD, LOUD, LOUD]), [false, false, true, false, false, true]);
  });

  it("counts the threshold itself as loud", () => {
    assert.deepEqual(hearAll(new BargeInDetector(), [BARGE_IN_RMS, BARGE_IN_RMS, BARGE_IN_RMS]), [false, false, true]);
    assert.deepEqual(hearAll(new BargeInDetector(), [0.029, 0.029, 0.029, 0.029]), [false, false, false, false]);
  });

  it("starts counting again after a quiet report", () => {
    assert.deepEqual(hearAll(new BargeInDetector(), [LOUD, LOUD, QUIET, LOUD, LOUD, LOUD]), [false, false, false, false, false, true]);
  });

  it("never fires while the interviewer is silent, and forgets loud reports from then", () => {
    const detector = new BargeInDetector();
    assert.deepEqual(hearAll(detector, [LOUD, LOUD, LOUD, LOUD], false), [false, false, false, false]);
    hearAll(detector, [LOUD, LOUD]);
    detector.hear(LOUD, false);
    assert.deepEqual(hearAll(detector, [LOUD, LOUD, LOUD]), [false, false, true]);
  });
});
