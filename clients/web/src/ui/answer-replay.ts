import { playbackContext } from "../audio/player.js";
import { RECORDING_SAMPLE_RATE, segmentAt, type AnswerRecording } from "../session/answer-recordings.js";
import { h } from "./dom.js";

/**
 * A "Play your answer" button with the answer's transcript: while the recording plays, the segment being heard is
 * highlighted (its span gets the class "playing" and aria-current).
 */
export function answerReplay(recording: AnswerRecording): HTMLElement {
  const spans = recording.segments.map((segment) => h("span", { class: "replay-segment", "data-segment": segment.index }, segment.text, " "));
  const button = h("button", { type: "button", class: "button small secondary replay-button" }, "Play your answer");
  let stop: (() => void) | undefined;
  const mark = (index: number) => {
    for (const span of spans) {
      const on = Number(span.dataset.segment) === index;
      span.classList.toggle("playing", on);
      span.toggleAttribute("aria-current", on);
    }
  };
  button.addEventListener("click", () => {
    if (stop) {
      stop();
      return;
    }
    const context = playbackContext();
    const floats = Float32Array.from(recording.samples, (sample) => sample / 32768);
    const buffer = context.createBuffer(1, floats.length, RECORDING_SAMPLE_RATE);
    buffer.copyToChannel(floats, 0);
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(context.destination);
    const startedAt = context.currentTime;
    let frame = 0;
    const follow = () => {
      mark(segmentAt(recording.segments, (context.currentTime - startedAt) * 1000));
      frame = requestAnimationFrame(follow);
    };
    stop = () => {
      cancelAnimationFrame(frame);
      source.onended = null;
      source.stop();
      finish();
    };
    const finish = () => {
      cancelAnimationFrame(frame);
      stop = undefined;
      mark(-1);
      button.textContent = "Play your answer";
      button.closest(".answer-replay")?.setAttribute("data-playing", "false");
    };
    source.onended = finish;
    source.start();
    button.textContent = "Stop";
    button.closest(".answer-replay")?.setAttribute("data-playing", "true");
    follow();
  });
  return h("div", { class: "answer-replay", "data-playing": "false" }, button, spans.length ? h("p", { class: "replay-transcript" }, spans) : null);
}
