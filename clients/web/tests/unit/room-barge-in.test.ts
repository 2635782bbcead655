import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BARGE_IN_REPORTS, BARGE_IN_RMS, BargeInDetector, MAX_BACKCHANNEL_MS, VOICE_END_QUIET_MS, type BargeInAction } from "../../src/room/barge-in.js";

const LOUD = 0.1; // -20 dBFS
const QUIET = 0.01; // -40 dBFS
/** Level reports come about every 50 ms. */
const REPORT_MS = 50;

/** Feeds level reports 50 ms apart from `start` (ms); returns each report's action ("" for none). */
function hearAll(detector: BargeInDetector, levels: number[], { playing = true, start = 0 } = {}): string[] {
  return levels.map((rms, i) => detector.hear(rms, playing, start + i * REPORT_MS) ?? "");
}

/** `ms` of reports at one level. */
const lasting = (rms: number, ms: number) => Array<number>(Math.round(ms / REPORT_MS)).fill(rms);

/** The reports' actions that did something, with their times relative to the first report. */
function actions(detector: BargeInDetector, levels: number[]): [number, BargeInAction][] {
  return hearAll(detector, levels).flatMap((action, i) => (action ? [[i * REPORT_MS, action as BargeInAction]] : []));
}

describe("BargeInDetector", () => {
  it("turns the interviewer down on the third loud report in a row while it plays", () => {
    assert.equal(BARGE_IN_REPORTS, 3);
    assert.deepEqual(hearAll(new BargeInDetector(), [LOUD, LOUD, LOUD, LOUD]), ["", "", "duck", ""]);
  });

  it("counts the threshold itself as loud", () => {
    assert.deepEqual(hearAll(new BargeInDetector(), [BARGE_IN_RMS, BARGE_IN_RMS, BARGE_IN_RMS]), ["", "", "duck"]);
    assert.deepEqual(hearAll(new BargeInDetector(), [0.029, 0.029, 0.029, 0.029]), ["", "", "", ""]);
  });

  it("starts counting again after a quiet report before the voice is established", () => {
    assert.deepEqual(hearAll(new BargeInDetector(), [LOUD, LOUD, QUIET, LOUD, LOUD, LOUD]), ["", "", "", "", "", "duck"]);
  });

  it("never stops the interviewer for a backchannel: a short 'mm-hm' turns it down, then back up", () => {
    assert.equal(MAX_BACKCHANNEL_MS, 700);
    // "mm" (300 ms), a 100 ms gap inside the word, "hm" (200 ms), then quiet.
    const mmHm = [...lasting(LOUD, 300), ...lasting(QUIET, 100), ...lasting(LOUD, 200), ...lasting(QUIET, 500)];
    assert.deepEqual(actions(new BargeInDetector(), mmHm), [
      [100, "duck"],
      [600 + VOICE_END_QUIET_MS, "restore"],
    ]);
  });

  it("stops the interviewer when the voice lasts longer than a backchannel", () => {
    // (Up to the stop: from then on the interviewer is silent.)
    assert.deepEqual(actions(new BargeInDetector(), lasting(LOUD, 800)), [
      [100, "duck"],
      [750, "stop"], // the first report more than 700 ms after the voice's first
    ]);
  });

  it("counts short gaps as part of the voice, so a word-by-word interruption still stops it", () => {
    // Words of 200 ms with 150 ms gaps (shorter than the quiet that ends a voice).
    const words = Array.from({ length: 3 }, () => [...lasting(LOUD, 200), ...lasting(QUIET, 150)]).flat().slice(0, 16);
    assert.deepEqual(actions(new BargeInDetector(), words), [
      [100, "duck"],
      [750, "stop"],
    ]);
  });

  it("does not stop on quiet that runs past the backchannel's length: only a voice still going does", () => {
    // 500 ms of voice, then quiet: at 700 ms it is quiet, and the voice has ended by the quiet's length.
    assert.deepEqual(actions(new BargeInDetector(), [...lasting(LOUD, 500), ...lasting(QUIET, 600)]), [
      [100, "duck"],
      [500 + VOICE_END_QUIET_MS, "restore"],
    ]);
  });

  it("listens afresh after a restore: a second short voice is another backchannel, not a longer one", () => {
    const twice = [...lasting(LOUD, 400), ...lasting(QUIET, 300), ...lasting(LOUD, 400), ...lasting(QUIET, 300)];
    assert.deepEqual(
      actions(new BargeInDetector(), twice).map(([, action]) => action),
      ["duck", "restore", "duck", "restore"],
    );
  });

  it("never acts while the interviewer is silent, and forgets a voice when it falls silent", () => {
    const detector = new BargeInDetector();
    assert.deepEqual(hearAll(detector, lasting(LOUD, 1_000), { playing: false }), lasting(LOUD, 1_000).map(() => ""));
    assert.deepEqual(hearAll(detector, [LOUD, LOUD, LOUD], { start: 1_000 }), ["", "", "duck"]);
    // The interviewer finishes while the voice goes on: the next utterance starts from nothing.
    detector.hear(LOUD, false, 1_150);
    assert.deepEqual(hearAll(detector, lasting(LOUD, 700), { start: 1_200 }), ["", "", "duck", ...lasting(LOUD, 550).map(() => "")]);
  });
});
